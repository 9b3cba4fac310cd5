extension RestoreContext {
    /// Reports `fraction` done; throws `RestoreError.cancelled` when the caller asks to stop.
    func checkProgress(_ fraction: Double) throws {
        if let progress, !progress(min(max(fraction, 0), 1)) { throw RestoreError.cancelled }
    }
}
