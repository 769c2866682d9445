extension String {
  /// Creates a string from bytes the parser has already validated as UTF-8.
  ///
  /// `init(unsafeUninitializedCapacity:initializingUTF8With:)` writes strings of up to 15
  /// bytes straight into the small-string representation and checks ASCII with a mask,
  /// which measured cheaper than `init(decoding:as:)` for the short names and values that
  /// dominate JSON documents. Longer strings go through `init(decoding:as:)`, whose
  /// word-at-a-time ASCII check beats the full validation of the other initializer.
  @inline(__always)
  init(validatedUTF8 bytes: UnsafeBufferPointer<UInt8>) {
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
