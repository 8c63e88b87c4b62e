import FuzzSupport

/// The program's entry: SwiftPM links an executable with `main` = `<target>_main`, and this one
/// hands control to libFuzzer's driver.
@_cdecl("FuzzDatasetReader_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { testOneInput($0, $1) }
}
