# Sourced by the long-running learning scripts (review-pretraining*.sh), from the repository root.
# snapshot_cli DIR: builds the CLI and copies it to DIR, so rebuilding the checkout during a long run cannot disturb it.
snapshot_cli() {
  dotnet build src/Cli -v:q -nologo >/dev/null
  rm -rf "$1" && mkdir -p "$1" && cp -r src/Cli/bin/Debug/net10.0/linux-x64/. "$1/"
}
# tcmalloc_path: the libtcmalloc_minimal to preload (MARKETLAB_TCMALLOC, else Debian's libtcmalloc-minimal4); fails
# when absent. glibc's allocator makes AdamW on the 30,522-row embedding slow (docs/bert.md); results do not change.
tcmalloc_path() {
  local t=${MARKETLAB_TCMALLOC:-/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4}
  [[ -f "$t" ]] && echo "$t"
}
