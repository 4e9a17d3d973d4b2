#!/bin/bash
# git on the build, on a generated repository: commits of many files
# with fixed authors and dates (so every object name is fixed), a branch
# and a merge, a rename, then log, diff, blame, grep, pack-objects,
# index-pack, verify-pack, fsck, archive.  Each git command runs through
# glibc-run (commands git starts in turn run on the system libc, so the
# workload calls the plumbing directly rather than gc or repack).  The
# object names and outputs must be the same as on stock.
. "$(dirname "$0")/testlib"
. "$tests/real-testlib"
command -v git > /dev/null || { echo "git not installed"; exit 77; }
commits=25 files=120
[ -z "${REAL_LONG:-}" ] || { commits=150; files=600; }
workload() {
  export HOME=$1 GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=Tester \
    GIT_AUTHOR_EMAIL=tester@example.org GIT_COMMITTER_NAME=Tester \
    GIT_COMMITTER_EMAIL=tester@example.org TZ=UTC LC_ALL=C
  g() { $run /usr/bin/git "$@"; }
  stamp() { export GIT_AUTHOR_DATE="@$((1600000000 + $1 * 3600)) +0000" GIT_COMMITTER_DATE="@$((1600000000 + $1 * 3600)) +0000"; }
  mkdir "$1/repo" && cd "$1/repo" || return 1
  g init -q -b main . || return 1
  g config core.autocrlf false
  g config gc.auto 0
  g config pack.threads 1
  local i f
  mkdir d0 d1 d2 d3 d4 d5 d6 d7 d8
  for ((i = 1; i <= commits; i++)); do
    # One awk a commit writes every file the commit changes.
    awk -v i=$i -v n=$files 'BEGIN {
      for (f = i % 7; f < n; f += 1 + i % 5) {
        out = "d" (f % 9) "/f" f ".txt";
        for (l = 0; l < 40 + (f * 13) % 200; l++)
          printf "file %d line %d rev %d %s\n", f, l, (l % (1 + i % 6) == 0 ? i : 0),
                 substr("abcdefghijklmnopqrstuvwxyz", 1 + (l * f) % 26) > out;
        close(out) } }'
    stamp $i
    g add -A || return 1
    g commit -q -m "commit $i: $((files / (1 + i % 5))) files" || return 1
    if [ $i -eq $((commits / 2)) ]; then
      g checkout -q -b topic || return 1
      for ((f = 0; f < files; f += 10)); do echo "topic change $f" >> "d$((f % 9))/f$f.txt"; done
      g mv d0/f0.txt d0/renamed.txt
      stamp $((i + 1000))
      g commit -q -a -m "topic work" || return 1
      g checkout -q main || return 1
    fi
  done
  stamp 5000
  g merge -q --no-edit -X theirs topic > /dev/null || return 1
  echo "head: $(g rev-parse HEAD)"
  echo "tree: $(g rev-parse 'HEAD^{tree}')"
  echo "count: $(g rev-list --all --objects | wc -l)"
  echo "log: $(g log --stat --format='%H %an %ad %s' --date=iso | sha1sum | cut -c1-16)"
  echo "log -p: $(g log -p --format=%H | sha1sum | cut -c1-16)"
  echo "diff: $(g diff --stat HEAD~10 HEAD | tail -1)"
  echo "diff -M: $(g diff -M --name-status main~3 main | sha1sum | cut -c1-16)"
  echo "blame: $(g blame -w d1/f10.txt | sha1sum | cut -c1-16)"
  echo "grep: $(g grep -c 'rev 1' | wc -l) $(g grep -n 'line 1 ' | sha1sum | cut -c1-16)"
  echo "status: $(g status --porcelain | wc -l)"
  # Packing: pack-objects and index-pack in this process tree.
  local pack
  pack=$(g rev-list --objects --all | g pack-objects --threads=1 --window=30 --depth=20 -q "$1/pk") || return 1
  echo "pack: $pack"
  g index-pack -o "$1/re.idx" "$1/pk-$pack.pack" > /dev/null || return 1
  echo "verify-pack: $(cd "$1" && g verify-pack -v "pk-$pack.idx" | sha1sum | cut -c1-16)"
  cmp "$1/re.idx" "$1/pk-$pack.idx" && echo "index-pack: same index"
  g fsck --full --strict --no-progress 2>&1 || return 1
  echo "fsck: ok"
  echo "archive: $(g archive --format=tar HEAD | sha1sum | cut -c1-16)"
}
real_compare git
