import Foundation

extension SeededRandom {
    /// Uniform in [0, 1) with 53 random bits.
    @inline(__always) mutating func uniformDouble() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992)
    }

    /// A Poisson-distributed count with mean `lambda`, sampled as numpy's `random_poisson`
    /// does: Knuth's multiplication method below 10 (multiply uniforms until the product falls
    /// under e^-lambda), Hörmann's transformed rejection with squeeze (PTRS, 1993) from 10 on.
    /// Exact in distribution, not an approximation; lambda <= 0 (or NaN) gives 0.
    @inline(__always) mutating func poisson(_ lambda: Double) -> Int {
        guard lambda > 0 else { return 0 }
        return lambda < 10 ? poissonByMultiplication(lambda) : poissonByTransformedRejection(lambda)
    }

    mutating func poissonByMultiplication(_ lambda: Double) -> Int {
        let limit = exp(-lambda)
        var count = 0
        var product = 1.0
        while true {
            product *= uniformDouble()
            if product <= limit { return count }
            count += 1
        }
    }

    /// PTRS (W. Hörmann, "The transformed rejection method for generating Poisson random
    /// variables", Insurance: Mathematics and Economics 12, 1993), constants as in numpy.
    /// The final test, log(v) + log(1 / alpha) - log(a / us^2 + b) <= -lambda + k log(lambda)
    /// - log(k!), is evaluated with its three left logarithms folded into one and log(k!)
    /// from a table for small k: the same test, fewer logarithms.
    mutating func poissonByTransformedRejection(_ lambda: Double) -> Int {
        let root = lambda.squareRoot()
        let b = 0.931 + 2.53 * root
        let a = -0.059 + 0.02483 * b
        let acceptAll = 0.9277 - 3.6224 / (b - 2)
        var logLambda = Double.nan
        while true {
            let u = uniformDouble() - 0.5
            let v = uniformDouble()
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + lambda + 0.43).rounded(.down)
            // The squeeze: most draws are accepted here, without a logarithm.
            if us >= 0.07 && v <= acceptAll { return Int(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            let inverseAlpha = 1.1239 + 1.1328 / (b - 3.4)
            if logLambda.isNaN { logLambda = log(lambda) }
            let left = log(v * inverseAlpha / (a / (us * us) + b))
            let right = -lambda + k * logLambda - LogFactorial.of(k)
            if left <= right { return Int(k) }
        }
    }
}

/// log(k!) for whole k >= 0: a table up to 1023, lgamma beyond.
enum LogFactorial {
    static let table: [Double] = {
        var values = [Double](repeating: 0, count: 1024)
        for k in 1..<values.count { values[k] = values[k - 1] + log(Double(k)) }
        return values
    }()

    @inline(__always) static func of(_ k: Double) -> Double {
        k < 1024 ? table[Int(k)] : lgamma(k + 1)
    }
}
