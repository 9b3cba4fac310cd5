import Foundation

/// A water drop on the glass in front of the camera, seen as a lens: a spherical cap of
/// contact radius r and height h, on a sphere of radius R = (r^2 + h^2) / (2 h), whose
/// contact angle theta_c has sin(theta_c) = r / R.
///
/// Geometry (ray approximation; the drop is tiny next to its distance from the camera, so
/// the camera's rays through it are parallel to its axis): a ray crossing the cap's flat
/// base at distance rho r from the axis (rho in [0, 1]) enters the water without bending
/// (normal incidence), meets the curved surface where its normal makes an angle theta_1
/// with the ray, sin(theta_1) = rho r / R = rho sin(theta_c), and leaves into air at
/// theta_2 with n sin(theta_1) = sin(theta_2) (Snell, n = 1.33), bent toward the axis by
/// delta = theta_2 - theta_1. The scene lies far behind the glass, so the pixel sees what
/// the camera would see in the bent direction: the scene point F tan(delta) pixels from the
/// pixel, toward and past the drop's center (F: the focal length in pixels). The bent rays
/// cross the axis, so the drop shows the scene around it inverted, and a wide field squeezed
/// into it: shrunk. Where rho sin(theta_c) > 1 / n the ray is totally reflected inside
/// the drop and no scene light comes through (the dark rim); short of that, the Fresnel
/// transmittance falls toward the rim.
struct SphericalCapLens: Sendable {
    static let refractiveIndex: Float = 1.33
    static let samples = 64

    /// sin(theta_c) = r / R.
    let sineOfContactAngle: Float
    /// tan(delta) / rho at rho = i / samples (the displacement per unit of rho; finite at 0).
    let bendPerRadius: [Float]
    /// Fresnel transmittance (unpolarized, water to air) at rho = i / samples; 0 past the
    /// critical angle.
    let transmittance: [Float]

    init(contactRadius r: Float, height h: Float) {
        let sphereRadius = (r * r + h * h) / (2 * h)
        let sine = min(r / sphereRadius, 1)
        sineOfContactAngle = sine
        let n = Self.refractiveIndex
        var bend = [Float](repeating: 0, count: Self.samples + 2)
        var transmitted = [Float](repeating: 0, count: Self.samples + 2)
        for i in 0...(Self.samples + 1) {
            let rho = min(Float(i) / Float(Self.samples), 1)
            let sin1 = rho * sine
            guard n * sin1 < 1 else {
                // Total internal reflection: keep the last bend, let no light through.
                bend[i] = bend[i - 1]
                continue
            }
            let theta1 = asinf(sin1), theta2 = asinf(n * sin1)
            let delta = theta2 - theta1
            bend[i] = rho > 0 ? tanf(delta) / rho : (n - 1) * sine
            transmitted[i] = Self.fresnelTransmittance(incidence: theta1, refraction: theta2, from: n, to: 1)
        }
        bendPerRadius = bend
        transmittance = transmitted
    }

    /// The cap of contact radius r whose surface meets the glass at `contactAngle`:
    /// h = r tan(theta_c / 2).
    init(contactRadius r: Float, contactAngle: Float) {
        self.init(contactRadius: r, height: r * tanf(contactAngle / 2))
    }

    /// 1 - the unpolarized Fresnel reflectance, (R_s + R_p) / 2.
    static func fresnelTransmittance(incidence: Float, refraction: Float, from n1: Float, to n2: Float) -> Float {
        let ci = cosf(incidence), ct = cosf(refraction)
        let rs = (n1 * ci - n2 * ct) / (n1 * ci + n2 * ct)
        let rp = (n1 * ct - n2 * ci) / (n1 * ct + n2 * ci)
        return 1 - (rs * rs + rp * rp) / 2
    }

    /// (tan(delta) / rho, transmittance) at rho in [0, 1], interpolated.
    @inline(__always) func optics(at rho: Float) -> (bend: Float, transmittance: Float) {
        let position = min(max(rho, 0), 1) * Float(Self.samples)
        let i = Int(position), t = position - Float(i)
        return bendPerRadius.withUnsafeBufferPointer { b in
            transmittance.withUnsafeBufferPointer { f in
                (b[i] + (b[i + 1] - b[i]) * t, f[i] + (f[i + 1] - f[i]) * t)
            }
        }
    }
}
