import Dispatch

/// Converts little-endian stored elements of any checkpoint dtype to float32.
enum ElementDecoder {
    /// Elements per parallel chunk; smaller tensors are decoded on the calling thread.
    static let chunk = 1 << 18

    static func decode(_ dtype: DType, from bytes: UnsafeRawBufferPointer, count: Int,
                       into output: UnsafeMutablePointer<Float>) {
        let chunks = (count + chunk - 1) / chunk
        guard chunks > 1 else {
            decodeStrided(dtype, from: bytes, start: 0, stride: 1, count: count, into: output)
            return
        }
        DispatchQueue.concurrentPerform(iterations: chunks) { index in
            let start = index * chunk
            decodeStrided(dtype, from: bytes, start: start, stride: 1, count: min(chunk, count - start),
                          into: output + start)
        }
    }

    /// Decodes `count` elements found at element indices start, start + stride, ...
    static func decodeStrided(_ dtype: DType, from bytes: UnsafeRawBufferPointer, start: Int, stride: Int, count: Int,
                              into output: UnsafeMutablePointer<Float>) {
        let size = dtype.byteSize
        let step = stride * size
        var offset = start * size
        switch dtype {
        case .float32:
            if stride == 1, let base = bytes.baseAddress {
                UnsafeMutableRawPointer(output).copyMemory(from: base + offset, byteCount: count * 4)
                return
            }
            for index in 0..<count {
                output[index] = Float(bitPattern: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                offset += step
            }
        case .float16:
            for index in 0..<count {
                output[index] = halfToFloat(bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
                offset += step
            }
        case .bfloat16:
            for index in 0..<count {
                output[index] = Float(bitPattern: UInt32(bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)) << 16)
                offset += step
            }
        case .float64:
            for index in 0..<count {
                output[index] = Float(Double(bitPattern: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                offset += step
            }
        case .int64:
            for index in 0..<count {
                output[index] = Float(Int64(bitPattern: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                offset += step
            }
        case .int32:
            for index in 0..<count {
                output[index] = Float(Int32(bitPattern: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                offset += step
            }
        case .int16:
            for index in 0..<count {
                output[index] = Float(Int16(bitPattern: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
                offset += step
            }
        case .int8:
            for index in 0..<count {
                output[index] = Float(Int8(bitPattern: bytes[offset]))
                offset += step
            }
        case .uint8:
            for index in 0..<count {
                output[index] = Float(bytes[offset])
                offset += step
            }
        case .bool:
            for index in 0..<count {
                output[index] = bytes[offset] != 0 ? 1 : 0
                offset += step
            }
        }
    }

    /// IEEE 754 binary16 to binary32, including subnormals, infinities and NaN.
    static func halfToFloat(_ half: UInt16) -> Float {
        let sign = UInt32(half & 0x8000) << 16
        let exponent = UInt32(half >> 10) & 0x1F
        let mantissa = UInt32(half & 0x03FF)
        if exponent == 0 {
            if mantissa == 0 { return Float(bitPattern: sign) }
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        }
        if exponent == 0x1F {
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        }
        return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
    }
}
