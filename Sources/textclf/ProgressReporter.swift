import ArgumentParser
import Foundation

/// Whether long work reports progress (train, cv, tune).
struct ProgressOptions: ParsableArguments {
    @Flag(help: "Report progress on standard error even when it is not a terminal.")
    var progress = false

    @Flag(help: "Report nothing but errors on standard error.")
    var quiet = false

    func reporter() -> ProgressReporter { ProgressReporter(forced: progress, quiet: quiet) }
}

/// Progress of long work on standard error, rewritten in place: shown when standard error is a
/// terminal (or `--progress` asks), never with `--quiet`, and never on standard output, so it
/// cannot change what scripts read or the model written.
struct ProgressReporter {
    private let enabled: Bool
    private let terminal: Bool
    private let start = DispatchTime.now().uptimeNanoseconds
    private var lastWrite: UInt64 = 0

    init(forced: Bool, quiet: Bool) {
        terminal = isatty(STDERR_FILENO) == 1
        enabled = !quiet && (forced || terminal)
    }

    /// Reports `done` of `total` steps of `what`, with the time left at the rate so far. On a
    /// terminal at most ten updates a second; elsewhere (`--progress` into a file) one line each.
    mutating func update(_ what: String, done: Int, total: Int) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard !terminal || done == total || now - lastWrite > 100_000_000 else { return }
        lastWrite = now
        let elapsed = Double(now - start) / 1e9
        var line = "\(what): \(done)/\(total), \(Self.clock(elapsed)) elapsed"
        if done > 0, done < total { line += ", about \(Self.clock(elapsed / Double(done) * Double(total - done))) left" }
        write(terminal ? "\r\u{1B}[K" + line : line + "\n")
    }

    /// Reports a finished stage on a line of its own.
    mutating func note(_ line: String) {
        guard enabled else { return }
        write(terminal ? "\r\u{1B}[K" + line + "\n" : line + "\n")
    }

    /// Reports the current state on the progress line (at most ten times a second on a terminal).
    mutating func status(_ line: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard !terminal || now - lastWrite > 100_000_000 else { return }
        lastWrite = now
        write(terminal ? "\r\u{1B}[K" + line : line + "\n")
    }

    /// Ends the progress line so that what follows starts on a clean line.
    func finish() {
        if enabled && terminal { write("\r\u{1B}[K") }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    private static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole >= 60 ? String(format: "%d:%02d", whole / 60, whole % 60) : "\(whole) s"
    }
}
