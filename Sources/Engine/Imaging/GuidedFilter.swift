import Foundation

/// He, Sun and Tang's guided filter with a single-channel guide: an edge-preserving smoothing
/// of `input` that follows the edges of `guide`, built from six O(1) box filters.
public enum GuidedFilter {
    public static func filter(guide: [Float], input: [Float], width: Int, height: Int, radius: Int, epsilon: Float) -> [Float] {
        precondition(guide.count == width * height && input.count == width * height, "plane sizes do not match \(width)x\(height)")
        let n = width * height
        func box(_ plane: [Float]) -> [Float] { BoxFilter.mean(plane, width: width, height: height, radius: radius) }
        var guideSquared = [Float](repeating: 0, count: n), guideTimesInput = guideSquared
        for i in 0..<n {
            guideSquared[i] = guide[i] * guide[i]
            guideTimesInput[i] = guide[i] * input[i]
        }
        let meanGuide = box(guide), meanInput = box(input)
        let meanGuideSquared = box(guideSquared), meanGuideInput = box(guideTimesInput)
        var a = [Float](repeating: 0, count: n), b = a
        for i in 0..<n {
            let variance = max(0, meanGuideSquared[i] - meanGuide[i] * meanGuide[i])
            let covariance = meanGuideInput[i] - meanGuide[i] * meanInput[i]
            a[i] = covariance / (variance + epsilon)
            b[i] = meanInput[i] - a[i] * meanGuide[i]
        }
        let meanA = box(a), meanB = box(b)
        var output = [Float](repeating: 0, count: n)
        for i in 0..<n { output[i] = meanA[i] * guide[i] + meanB[i] }
        return output
    }
}
