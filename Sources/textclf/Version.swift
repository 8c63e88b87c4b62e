/// The release this source tree is. `scripts/check-consumer.sh` tags a clone with it and depends on
/// it by version, so a release is this string plus a git tag of the same name.
enum Version {
    static let current = "0.17.0"
}
