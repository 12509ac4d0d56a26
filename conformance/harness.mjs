// Shared by the conformance scripts: loopback-only networking, one line per check, a summary line.
import net from 'node:net';
import dns from 'node:dns';

export const REST = process.env.SIM_REST;      // http://127.0.0.1:PORT
export const WS = process.env.SIM_WS;          // ws://127.0.0.1:PORT/v5/private
export const KEY = process.env.SIM_KEY;
export const SECRET = process.env.SIM_SECRET;
const SDK = process.env.SDK_NAME || 'sdk';

// Nothing but 127.0.0.1 is reachable from this process: every TCP connect to another host fails at once and
// counts as a failed check, and name lookups are refused (no URL may need DNS).
const offLoopback = [];
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0]; // net.connect passes normalized [options, cb]
  const opts = typeof first === 'object' && first !== null ? first : { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
  const host = opts.host ?? 'localhost';
  if (!opts.path && host !== '127.0.0.1') {
    offLoopback.push(`${host}:${opts.port}`);
    const err = new Error(`conformance: connection to ${host}:${opts.port} blocked (loopback only)`);
    process.nextTick(() => this.destroy(err));
    return this;
  }
  return connect.apply(this, args);
};
const refuse = (name, ...rest) => {
  const cb = rest[rest.length - 1];
  offLoopback.push(`dns:${name}`);
  const err = Object.assign(new Error(`conformance: DNS lookup of ${name} blocked`), { code: 'ENOTFOUND' });
  if (typeof cb === 'function') process.nextTick(() => cb(err));
};
dns.lookup = refuse;

let passed = 0;
let failed = 0;

export async function check(name, fn) {
  try {
    const detail = await fn();
    passed++;
    console.log(`PASS ${SDK}: ${name}${detail ? ' (' + detail + ')' : ''}`);
  } catch (e) {
    failed++;
    const msg = (e && (e.constructor?.name + ': ' + e.message)) || String(e);
    console.log(`FAIL ${SDK}: ${name}: ${msg.split('\n')[0].slice(0, 300)}`);
  }
}

export function expect(cond, what) {
  if (!cond) throw new Error('expected ' + what);
}

export async function within(ms, promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timed out after ' + ms + ' ms waiting for ' + what)), ms); });
  try { return await Promise.race([promise, timeout]); } finally { clearTimeout(timer); }
}

export async function throwsA(promise, className) {
  try {
    await promise;
  } catch (e) {
    const names = [];
    for (let p = Object.getPrototypeOf(e); p && p.constructor && p.constructor.name !== 'Object'; p = Object.getPrototypeOf(p)) names.push(p.constructor.name);
    if (names.includes(className)) return e.constructor.name + ': ' + String(e.message).slice(0, 120);
    throw new Error('expected ' + className + ', got ' + e.constructor.name + ': ' + e.message);
  }
  throw new Error('expected ' + className + ', but the call succeeded');
}

export async function finish() {
  await check('no connection left 127.0.0.1', async () => {
    expect(offLoopback.length === 0, 'no off-loopback attempt, saw ' + offLoopback.join(', '));
  });
  process.exit(failed === 0 ? 0 : 1);
}
