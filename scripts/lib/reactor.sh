# Sourced by scripts/demo, scripts/soak, scripts/sim, scripts/stat, scripts/errors and scripts/bench: run exactly the
# code of this work tree, never what the local Maven repository happens to hold.
#
# A module's classpath is written by `mvn package dependency:build-classpath` run in ONE reactor with its upstream
# modules (-am): inside a reactor Maven resolves sibling modules to their target/*.jar, outside it (what the scripts
# used to do) to ~/.m2, which `mvn verify` never fills and which holds whatever was installed last. Nothing is ever
# installed. The build runs again only when a source or pom is newer than what was built, or an entry of the saved
# classpath is gone; otherwise starting costs no Maven at all.
#
# Needs ROOT (the work tree) and SCRIPT (name for messages) set by the caller.

QKT_VERSION="0.1.0-SNAPSHOT"
QKT_CP_NAME="qkt-runtime.classpath"

# mvn_quiet LOG ARGS...: offline first (fast), online when something is missing from the local repository.
mvn_quiet() {
  local log="$1"
  shift
  mkdir -p "$(dirname "$log")"
  if ! (cd "$ROOT" && mvn -B -q -o "$@" >"$log" 2>&1); then
    if ! (cd "$ROOT" && mvn -B -q "$@" >"$log" 2>&1); then
      echo "$SCRIPT: build failed: mvn $*" >&2
      tail -n 40 "$log" >&2
      echo "$SCRIPT: full log: ${log#"$ROOT/"}" >&2
      exit 2
    fi
  fi
}

# reactor_stale MODULE UPSTREAM...: succeeds when MODULE must be rebuilt before it can run.
reactor_stale() {
  local module="$1" m jar cp_file entry
  cp_file="$ROOT/$module/target/$QKT_CP_NAME"
  [[ -s "$cp_file" ]] || return 0
  [[ "$ROOT/pom.xml" -nt "$cp_file" ]] && return 0
  for m in "$@"; do
    jar="$ROOT/$m/target/qkt-$m-$QKT_VERSION.jar"
    [[ -f "$jar" ]] || return 0
    [[ "$ROOT/$m/pom.xml" -nt "$cp_file" ]] && return 0
    [[ -z "$(find "$ROOT/$m/src/main" -newer "$jar" -type f 2>/dev/null | head -1)" ]] || return 0
  done
  # e.g. a classpath written against another local repository (-Dmaven.repo.local) or after `mvn clean`
  while IFS= read -r -d ':' entry; do
    [[ -e "$entry" ]] || return 0
  done < <(printf '%s:' "$(cat "$cp_file")")
  return 1
}

# reactor_check_classpath MODULE: fail when a qkt module would come from a Maven repository, not from this tree.
reactor_check_classpath() {
  local module="$1" entry
  while IFS= read -r -d ':' entry; do
    case "$entry" in
      "$ROOT"/*/target/*) ;;
      */com/qkt/*|*/qkt-*-"$QKT_VERSION".jar)
        echo "$SCRIPT: refusing to run: $entry is a qkt module from a Maven repository, not from $ROOT" >&2
        exit 2 ;;
    esac
  done < <(printf '%s:' "$(cat "$ROOT/$module/target/$QKT_CP_NAME")")
}

# reactor_classpath MODULE UPSTREAM...: build when stale, then print "module jar:its runtime classpath".
# UPSTREAM lists every module whose sources MODULE runs (MODULE included).
reactor_classpath() {
  local module="$1"
  if reactor_stale "$@"; then
    echo "$SCRIPT: building $module and what it depends on (mvn -pl $module -am package -DskipTests; no install) ..." >&2
    # A relative outputFile is resolved against each module's basedir: every module of the reactor writes its own.
    mvn_quiet "$ROOT/$module/target/$SCRIPT-build.log" -pl "$module" -am package -DskipTests \
      dependency:build-classpath -Dmdep.outputFile="target/$QKT_CP_NAME" -Dmdep.includeScope=runtime
    touch "$ROOT/$module/target/$QKT_CP_NAME"
  fi
  reactor_check_classpath "$module"
  printf '%s:%s\n' "$ROOT/$module/target/qkt-$module-$QKT_VERSION.jar" "$(cat "$ROOT/$module/target/$QKT_CP_NAME")"
}

# reactor_jvm_flags: the one list of JVM flags, from the parent pom (qkt.jvm.flags).
reactor_jvm_flags() {
  sed -n 's:.*<qkt.jvm.flags>\(.*\)</qkt.jvm.flags>.*:\1:p' "$ROOT/pom.xml"
}
