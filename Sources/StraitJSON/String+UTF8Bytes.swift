extension String {
  /// Creates a string from bytes the parser has already validated as UTF-8.
  ///
  /// `isASCII` tells whether every byte is below 0x80 (nil: not known, then a string of
  /// more than 15 bytes is scanned for it). Where the standard library has `UTF8Span`
  /// (Swift 6.2; always on Linux), the bytes are copied without being validated again:
  /// straight into the small-string form up to 15 bytes (which finds its ASCII flag
  /// itself), else into new storage flagged ASCII or not. The flag matters after parsing:
  /// a string not known to be ASCII is not known to be NFC either, and compares slowly.
  @inline(__always)
  init(validatedUTF8 bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool? = nil) {
    if #available(macOS 26.0, iOS 26.0, watchOS 26.0, tvOS 26.0, visionOS 26.0, *) {
      let isASCII = isASCII ?? (bytes.count <= 15 || bytes.allSatisfy { $0 < 0x80 })
      self.init(copying: unsafe UTF8Span(unchecked: bytes.span, isKnownASCII: isASCII))
    } else {
      self.init(checkingUTF8: bytes)
    }
  }

  /// Creates a string from UTF-8 bytes, validating them again (older standard libraries).
  ///
  /// `init(unsafeUninitializedCapacity:initializingUTF8With:)` writes strings of up to 15
  /// bytes straight into the small-string representation and checks ASCII with a mask,
  /// which measured cheaper than `init(decoding:as:)` for the short names and values that
  /// dominate JSON documents. Longer strings go through `init(decoding:as:)`, whose
  /// word-at-a-time ASCII check beats the full validation of the other initializer.
  @inline(__always)
  private init(checkingUTF8 bytes: UnsafeBufferPointer<UInt8>) {
    let count = bytes.count
    guard let source = bytes.baseAddress, count > 0 else {
      self = ""
      return
    }
    guard count <= 15 else {
      self.init(decoding: bytes, as: UTF8.self)
      return
    }
    self.init(unsafeUninitializedCapacity: count) { target in
      target.baseAddress.unsafelyUnwrapped.update(from: source, count: count)
      return count
    }
  }
}
