import XCTest

/// A missing real photo skips a test, or fails it under GENDEG_REQUIRE_PHOTOS=1.
final class RealPhotoRequirementTests: XCTestCase {
    func testMissingPhotoSkipsUnlessPhotosAreRequired() {
        let saved = ProcessInfo.processInfo.environment["GENDEG_REQUIRE_PHOTOS"]
        defer {
            if let saved { setenv("GENDEG_REQUIRE_PHOTOS", saved, 1) } else { unsetenv("GENDEG_REQUIRE_PHOTOS") }
        }
        unsetenv("GENDEG_REQUIRE_PHOTOS")
        XCTAssertTrue(RealPhotoRequirement.missing("/no/photo.jpg") is XCTSkip)
        setenv("GENDEG_REQUIRE_PHOTOS", "1", 1)
        let error = RealPhotoRequirement.missing("/no/photo.jpg")
        XCTAssertFalse(error is XCTSkip)
        XCTAssertTrue(String(describing: error).contains("/no/photo.jpg") && String(describing: error).contains("lomiri-wallpapers"))
    }
}
