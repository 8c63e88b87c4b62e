// textclf-kernels: the sparse × dense product (the kernel behind every model's scores and
// logistic regression's gradient) against the alternatives OpenBLAS offers.
//
// X is a TF-IDF matrix built from a JSON Lines corpus; W a dense features × k matrix. Each
// method computes X·W; the program prints the median of --runs timings for each, and checks that
// all methods agree. Methods:
//   textclf        SparseMatrix.product(with:) — our kernel (SIMD4 blocks, sums in registers)
//   scalar         the textbook loop: out[row][c] += x · W[col][c], in memory
//   daxpy-entry    one cblas_daxpy per stored entry (length k)
//   dgemm-dense    rows densified in blocks of 64, then cblas_dgemm (block × features) · W
import OpenBLAS
import Foundation
import TextClassification

func argument(_ name: String) -> String? {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count else { return nil }
    return CommandLine.arguments[index + 1]
}

guard let dataPath = argument("--data") else {
    FileHandle.standardError.write(Data("usage: textclf-kernels --data FILE.jsonl [--classes K] [--ngram-max N] [--runs R]\n".utf8))
    exit(64)
}
let classes = Int(argument("--classes") ?? "20") ?? 20
let ngramMax = Int(argument("--ngram-max") ?? "1") ?? 1
let runs = Int(argument("--runs") ?? "5") ?? 5
openblas_set_num_threads(1)

do {
    let texts = try DatasetReader(labelFields: []).read(contentsOf: dataPath).texts
    let vectorizer = TFIDFVectorizer(ngramRange: 1 ... ngramMax, minDF: .count(2), sublinearTF: true)
    let (_, x) = try vectorizer.fittedWithFeatures(to: texts)
    var generator = SeededGenerator(seed: 7)
    let weights = try DenseMatrix(rowCount: x.columnCount, columnCount: classes,
                              values: (0 ..< x.columnCount * classes).map { _ in Double.random(in: -1 ... 1, using: &generator) })
    let k = classes

    func time(_ body: () -> [Double]) -> (seconds: Double, result: [Double]) {
        var samples: [Double] = []
        var result: [Double] = []
        for _ in 0 ..< runs {
            let start = DispatchTime.now().uptimeNanoseconds
            result = body()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return (samples.sorted()[samples.count / 2], result)
    }

    let methods: [(String, () -> [Double])] = [
        ("textclf", { x.product(with: weights).values }),
        ("scalar", {
            var out = [Double](repeating: 0, count: x.rowCount * k)
            for row in 0 ..< x.rowCount {
                for entry in x.rowStarts[row] ..< x.rowStarts[row + 1] {
                    let column = Int(x.columns[entry]), value = Double(x.values[entry])
                    for c in 0 ..< k { out[row * k + c] += value * weights.values[column * k + c] }
                }
            }
            return out
        }),
        ("daxpy-entry", {
            var out = [Double](repeating: 0, count: x.rowCount * k)
            weights.values.withUnsafeBufferPointer { w in
                out.withUnsafeMutableBufferPointer { o in
                    for row in 0 ..< x.rowCount {
                        for entry in x.rowStarts[row] ..< x.rowStarts[row + 1] {
                            cblas_daxpy(Int32(k), Double(x.values[entry]), w.baseAddress! + Int(x.columns[entry]) * k, 1,
                                        o.baseAddress! + row * k, 1)
                        }
                    }
                }
            }
            return out
        }),
        ("dgemm-dense", {
            let block = 64
            var out = [Double](repeating: 0, count: x.rowCount * k)
            var dense = [Double](repeating: 0, count: block * x.columnCount)
            for first in stride(from: 0, to: x.rowCount, by: block) {
                let rows = min(block, x.rowCount - first)
                for row in 0 ..< rows {
                    for entry in x.rowStarts[first + row] ..< x.rowStarts[first + row + 1] {
                        dense[row * x.columnCount + Int(x.columns[entry])] = Double(x.values[entry])
                    }
                }
                dense.withUnsafeBufferPointer { a in
                    weights.values.withUnsafeBufferPointer { b in
                        out.withUnsafeMutableBufferPointer { c in
                            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(k), Int32(x.columnCount),
                                        1, a.baseAddress!, Int32(x.columnCount), b.baseAddress!, Int32(k), 0,
                                        c.baseAddress! + first * k, Int32(k))
                        }
                    }
                }
                for row in 0 ..< rows {
                    for entry in x.rowStarts[first + row] ..< x.rowStarts[first + row + 1] {
                        dense[row * x.columnCount + Int(x.columns[entry])] = 0
                    }
                }
            }
            return out
        }),
    ]
    print("X: \(x.rowCount) × \(x.columnCount), \(x.storedCount) stored entries; W: \(x.columnCount) × \(k); median of \(runs) runs, one thread")
    var reference: [Double]?
    var baseline = 0.0
    for (name, body) in methods {
        let (seconds, result) = time(body)
        if let reference {
            let difference = zip(reference, result).map { abs($0 - $1) }.max() ?? 0
            guard difference < 1e-9 else { throw DataError(file: name, problem: "disagrees with textclf by \(difference)") }
        } else {
            reference = result
            baseline = seconds
        }
        print(name.padding(toLength: 12, withPad: " ", startingAt: 0)
              + String(format: " %9.2f ms  %6.2f× textclf's time", seconds * 1000, seconds / baseline))
    }
} catch {
    FileHandle.standardError.write(Data("textclf-kernels: \(error)\n".utf8))
    exit(1)
}
