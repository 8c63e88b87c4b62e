import ServiceLifecycle
import UnixSignals

/// Reloads the model on each SIGHUP, the usual signal for "read your files again".
///
/// The signal sequence is made by the caller before the service group starts, because making it
/// is what replaces SIGHUP's default action (terminate): a SIGHUP that arrived between the port
/// opening and this service starting would otherwise kill the server.
struct HangupReload: Service {
    let signals: UnixSignalsSequence
    let store: ModelStore

    func run() async throws {
        for await _ in signals.cancelOnGracefulShutdown() {
            _ = await store.reload(trigger: "SIGHUP")
        }
    }
}
