// bybit-api (npm, tiagosiebler's Node SDK), unmodified: RestClientV5 with `baseUrl`, WebsocketClient with `wsUrl`
// (one URL for every ws key, so only the private stream is used). Both take plain http:// and ws:// URLs as they
// are.
import { createRequire } from 'node:module';
import { REST, WS, KEY, SECRET, check, expect, within, finish } from './harness.mjs';

const require = createRequire(import.meta.url);
const { RestClientV5, WebsocketClient } = require('bybit-api');

const client = new RestClientV5({ key: KEY, secret: SECRET, baseUrl: REST, parseAPIRateLimits: true });
const ok = (r, what) => {
  expect(r && r.retCode === 0, what + ' retCode 0, got ' + JSON.stringify(r).slice(0, 200));
  return r.result;
};

await check('getServerTime', async () => ok(await client.getServerTime(), 'time') && undefined);
await check('getInstrumentsInfo spot and linear carry the enforced rules', async () => {
  const spot = ok(await client.getInstrumentsInfo({ category: 'spot', symbol: 'BTCUSDT' }), 'spot').list[0];
  const linear = ok(await client.getInstrumentsInfo({ category: 'linear' }), 'linear');
  expect(spot.priceFilter.tickSize === '0.01' && spot.lotSizeFilter.minOrderAmt === '5', 'spot tick 0.01, minOrderAmt 5');
  expect(linear.list.some((i) => i.symbol === 'BTCUSDT' && i.lotSizeFilter.qtyStep === '0.001') && linear.nextPageCursor === '', 'linear BTCUSDT qtyStep 0.001, last page');
  const option = ok(await client.getInstrumentsInfo({ category: 'option' }), 'option');
  expect(option.list.length === 0, 'no options');
});
await check('getTickers / getOrderbook / getKline / getPublicTradingHistory', async () => {
  const t = ok(await client.getTickers({ category: 'spot', symbol: 'BTCUSDT' }), 'tickers').list[0];
  expect(t.lastPrice === '50000', 'lastPrice 50000');
  const ob = ok(await client.getOrderbook({ category: 'linear', symbol: 'BTCUSDT', limit: 5 }), 'orderbook');
  expect(ob.s === 'BTCUSDT' && ob.b.length >= 1 && ob.a.length >= 1, 'both sides');
  const k = ok(await client.getKline({ category: 'spot', symbol: 'BTCUSDT', interval: '1', limit: 3 }), 'kline');
  expect(k.list.length >= 1 && k.list[0].length === 7, 'candles of 7 strings');
  ok(await client.getPublicTradingHistory({ category: 'spot', symbol: 'BTCUSDT', limit: 5 }), 'recent-trade');
});
await check('getFeeRate / getAccountInfo / getQueryApiKey / getCoinInfo', async () => {
  const fee = ok(await client.getFeeRate({ category: 'linear', symbol: 'BTCUSDT' }), 'fee-rate').list[0];
  expect(fee.takerFeeRate === '0.00055' && fee.makerFeeRate === '0.0002', 'linear 0.055% / 0.02%');
  expect(ok(await client.getAccountInfo(), 'account/info').unifiedMarginStatus === 6, 'UTA');
  expect(ok(await client.getQueryApiKey(), 'query-api').uta === 1, 'uta 1');
  expect(ok(await client.getCoinInfo('BTC'), 'coin/query-info').rows[0].coin === 'BTC', 'BTC row');
});

const quiet = { trace() {}, info() {}, error() {} };
const ws = new WebsocketClient({ key: KEY, secret: SECRET, market: 'v5', wsUrl: WS }, quiet);
// subscribeV5's promises settle before the subscribe request is even sent (the SDK authenticates first), so the
// check waits for the server's subscribe ack on the 'response' event instead.
const subscribed = new Promise((resolve, reject) => ws.on('response', (m) => {
  if (m.op === 'subscribe') (m.success ? resolve(m) : reject(new Error('subscribe refused: ' + JSON.stringify(m))));
}));
const pushes = [];
const waiters = [];
ws.on('update', (m) => {
  pushes.push(m);
  for (const w of waiters.splice(0)) w();
});
ws.on('exception', () => {});
const waitFor = (pred, what) => within(10000, new Promise((resolve) => {
  const test = () => {
    const hit = pushes.find(pred);
    if (hit) resolve(hit); else waiters.push(test);
  };
  test();
}), what);
const orderPush = (linkId, pred) => (m) => m.topic === 'order' && m.data.some((o) => o.orderLinkId === linkId && pred(o));

await check('private stream: auth, then subscribe order + execution + wallet acked', async () => {
  ws.subscribeV5(['order', 'execution', 'wallet'], 'spot', true);
  await within(10000, subscribed, 'the subscribe ack');
});
const link = 'conf-' + Date.now();
await check('submitOrder: New pushed on the order topic, spot item has no createType/tpslMode', async () => {
  ok(await client.submitOrder({ category: 'spot', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.01', price: '40000', orderLinkId: link }), 'create');
  const m = await waitFor(orderPush(link, (o) => o.orderStatus === 'New'), 'New');
  const o = m.data.find((x) => x.orderLinkId === link);
  expect(!('createType' in o) && !('tpslMode' in o), 'no createType / tpslMode on a spot order');
});
await check('amendOrder by orderLinkId: pushed with the new price', async () => {
  ok(await client.amendOrder({ category: 'spot', symbol: 'BTCUSDT', orderLinkId: link, price: '41000' }), 'amend');
  await waitFor(orderPush(link, (o) => o.price === '41000' && o.orderStatus === 'New'), 'the amended order');
});
await check('amendOrder to a marketable price fills as taker (execution push)', async () => {
  ok(await client.amendOrder({ category: 'spot', symbol: 'BTCUSDT', orderLinkId: link, price: '50000' }), 'amend');
  await waitFor(orderPush(link, (o) => o.orderStatus === 'Filled'), 'Filled');
  await waitFor((m) => m.topic === 'execution' && m.data.some((e) => e.orderLinkId === link && !('createType' in e)), 'the execution');
});
await check('batchSubmitOrders: per-item results and codes', async () => {
  const r = await client.batchSubmitOrders('spot', [
    { symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.001', price: '30000', orderLinkId: link + '-b1' },
    { symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.001', price: '30000.001', orderLinkId: link + '-b2' },
  ]);
  ok(r, 'create-batch');
  const codes = r.retExtInfo.list.map((x) => x.code);
  expect(codes[0] === 0 && codes[1] === 170134, 'codes [0, 170134] (second price off-tick), got ' + codes);
  expect(r.result.list[0].orderId && r.result.list[1].orderId === '', 'an id for the first only');
});
await check('batchCancelOrders', async () => {
  const r = await client.batchCancelOrders('spot', [{ symbol: 'BTCUSDT', orderLinkId: link + '-b1' }, { symbol: 'BTCUSDT', orderLinkId: 'nope' }]);
  const codes = ok(r, 'cancel-batch') && r.retExtInfo.list.map((x) => x.code);
  expect(codes[0] === 0 && codes[1] === 110001, 'codes [0, 110001], got ' + codes);
  await waitFor(orderPush(link + '-b1', (o) => o.orderStatus === 'Cancelled'), 'the cancel push');
});
await check('cancelAllOrders spot', async () => {
  ok(await client.submitOrder({ category: 'spot', symbol: 'BTCUSDT', side: 'Sell', orderType: 'Limit', qty: '0.01', price: '60000', orderLinkId: link + '-c' }), 'create');
  const r = ok(await client.cancelAllOrders({ category: 'spot', symbol: 'BTCUSDT' }), 'cancel-all');
  expect(r.success === '1' && r.list.some((o) => o.orderLinkId === link + '-c'), 'the order listed');
  await waitFor(orderPush(link + '-c', (o) => o.orderStatus === 'Cancelled' && o.cancelType === 'CancelByUser'), 'the cancel push');
  const open = ok(await client.getActiveOrders({ category: 'spot', symbol: 'BTCUSDT' }), 'realtime');
  expect(open.list.length === 0, 'nothing open');
});
await check('getWalletBalance / getExecutionList / getHistoricOrders after the trading above', async () => {
  const wallet = ok(await client.getWalletBalance({ accountType: 'UNIFIED', coin: 'BTC' }), 'wallet-balance').list[0];
  expect(wallet.coin[0].coin === 'BTC' && wallet.coin[0].walletBalance === '100.00999', 'BTC 100 + 0.01 - 0.1% fee, got ' + wallet.coin[0].walletBalance);
  const execs = ok(await client.getExecutionList({ category: 'spot', orderLinkId: link }), 'execution/list').list;
  expect(execs.length === 1 && execs[0].execPrice === '50000' && execs[0].feeRate === '0.001', 'one fill at 50000, fee rate 0.001');
  const hist = ok(await client.getHistoricOrders({ category: 'spot', orderLinkId: link }), 'order/history').list;
  expect(hist.length === 1 && hist[0].orderStatus === 'Filled' && !('createType' in hist[0]), 'the Filled spot order');
});
await check('unknown path: Bybit envelope with 10017, HTTP 404', async () => {
  const res = await fetch(REST + '/v5/not/a/path');
  const body = await res.json();
  expect(res.status === 404 && body.retCode === 10017, '404 / 10017, got ' + res.status + ' ' + JSON.stringify(body));
});

ws.closeAll(true);
await finish();
