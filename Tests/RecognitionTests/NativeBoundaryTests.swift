import CVision
import Testing

/// The C boundary refuses an image whose rows would reach past its buffer, whatever the sizes claim.
struct NativeBoundaryTests {
    @Test(arguments: [
        (length: 300, width: 10, height: 10, stride: 30, valid: true),
        (length: 299, width: 10, height: 10, stride: 30, valid: false),   // the last row ends one byte past the buffer
        (length: 28, width: 10, height: 1, stride: 30, valid: false),
        (length: 30, width: 10, height: 1, stride: 29, valid: false),     // a row shorter than width * 3
        (length: 4096, width: 0x7FFF_FFFF, height: 0x7FFF_FFFF, stride: 0x7FFF_FFFF, valid: false),  // no 32-bit overflow
        (length: 4096, width: 10, height: -1, stride: 30, valid: false),
    ])
    func imagesAreCheckedAgainstTheirBuffer(length: Int, width: Int32, height: Int32, stride: Int32, valid: Bool) {
        let pixels = [UInt8](repeating: 0, count: max(length, 1))
        let isValid = pixels.withUnsafeBufferPointer { buffer in
            cvision_rgb_image_is_valid(cvision_rgb_image(pixels: buffer.baseAddress, length: length, width: width,
                                                         height: height, stride: stride))
        }
        #expect((isValid != 0) == valid)
    }
}
