#!/usr/bin/env bash
# Depends on TextClassification the way a client does: a throwaway package names a tagged clone of
# this repository by version (`from:`), builds, and runs a three-line program against the shipped
# model. Fails if SwiftPM refuses the dependency (unsafe flags) or the program's answer is wrong.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version=$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' "$root/Sources/textclf/Version.swift")
work=$(mktemp -d /tmp/textclf-consumer.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The clone holds what is committed: a client sees the tag, not our working tree.
git clone -q "$root" "$work/textclf"
git -C "$work/textclf" tag "$version"

mkdir -p "$work/consumer/Sources/consumer"
cat > "$work/consumer/Package.swift" <<MANIFEST
// swift-tools-version: 6.1
import PackageDescription
let package = Package(
    name: "consumer",
    dependencies: [.package(url: "file://$work/textclf", from: "$version")],
    targets: [.executableTarget(name: "consumer", dependencies: [.product(name: "TextClassification", package: "textclf")])]
)
MANIFEST
cat > "$work/consumer/Sources/consumer/main.swift" <<'PROGRAM'
import TextClassification
let classifier = try ModelFile.read(from: CommandLine.arguments[1])
print(classifier.prediction(for: "Kyiv will not cede Donetsk without a referendum.").map { "\($0.field)=\($0.label)" }.joined(separator: " "))
PROGRAM

echo "consumer: building a package that depends on textclf from: \"$version\"" >&2
if ! swift build --package-path "$work/consumer" > "$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  echo "error: the consumer package did not build" >&2
  exit 1
fi
answer=$("$work/consumer/.build/debug/consumer" "$root/models/ukraine.textclf")
echo "consumer printed: $answer"
[ "$answer" = "topic=territory stance=against" ] || { echo "error: expected topic=territory stance=against" >&2; exit 1; }
