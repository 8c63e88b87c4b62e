import CBLAS

/// Thin Swift wrappers over the CBLAS routines textclf uses.
///
/// Every dense vector and matrix operation in the library goes through here, so that this file and
/// its folder are the only places that know which BLAS is linked (OpenBLAS on Linux). CBLAS takes
/// 32-bit dimensions (`blasint`); the wrappers check that sizes fit before narrowing.
enum BLAS {
    /// One BLAS thread, whatever `OPENBLAS_NUM_THREADS` says: textclf splits its own work over
    /// threads (`--threads`), and OpenBLAS threads inside those would compete with them (measured:
    /// logistic regression on 20 Newsgroups 40% slower with `OPENBLAS_NUM_THREADS=2`). On a
    /// two-core machine whose other core is busy, two BLAS threads were slower than one anyway.
    private static let configured: Bool = {
        openblas_set_num_threads(1)
        return true
    }()

    @inline(__always)
    private static func configure() { _ = configured }

    @inline(__always)
    private static func narrow(_ value: Int) -> Int32 {
        precondition(value <= Int(Int32.max), "dimension \(value) exceeds what 32-bit BLAS accepts")
        return Int32(truncatingIfNeeded: value)
    }

    /// `x · y`.
    static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int) -> Double {
        configure()
        return cblas_ddot(narrow(count), x, 1, y, 1)
    }

    /// `x · y` for single-precision vectors, accumulated in double precision.
    static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Double {
        configure()
        return cblas_dsdot(narrow(count), x, 1, y, 1)
    }

    /// `y ← a·x + y` for single-precision vectors.
    static func axpy(_ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        configure()
        cblas_saxpy(narrow(count), a, x, 1, y, 1)
    }

    /// `x ← a·x` for a single-precision vector.
    static func scale(_ x: UnsafeMutablePointer<Float>, by a: Float, count: Int) {
        configure()
        cblas_sscal(narrow(count), a, x, 1)
    }

    /// `y ← a·x + y`.
    static func axpy(_ a: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int) {
        configure()
        cblas_daxpy(narrow(count), a, x, 1, y, 1)
    }

    /// `x ← a·x`.
    static func scale(_ x: UnsafeMutablePointer<Double>, by a: Double, count: Int) {
        configure()
        cblas_dscal(narrow(count), a, x, 1)
    }

    /// Euclidean norm of `x`.
    static func norm(_ x: UnsafePointer<Double>, count: Int) -> Double {
        configure()
        return cblas_dnrm2(narrow(count), x, 1)
    }

    /// Index of the element of largest magnitude.
    static func indexOfMaximumMagnitude(_ x: UnsafePointer<Double>, count: Int) -> Int {
        configure()
        return Int(cblas_idamax(narrow(count), x, 1))
    }

    /// `y ← alpha·Aᵀ·x + beta·y` for a row-major `rows × columns` matrix `A`.
    static func transposedMatrixVectorProduct(
        _ a: UnsafePointer<Double>, rows: Int, columns: Int,
        _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>,
        alpha: Double = 1, beta: Double = 0
    ) {
        configure()
        cblas_dgemv(CblasRowMajor, CblasTrans, narrow(rows), narrow(columns), alpha, a, narrow(columns),
                    x, 1, beta, y, 1)
    }
}
