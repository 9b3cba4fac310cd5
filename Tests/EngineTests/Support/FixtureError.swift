/// A committed fixture that is missing or not what the test expects: the test fails (a thrown
/// error), it is never skipped.
struct FixtureError: Error, CustomStringConvertible {
    let description: String
}
