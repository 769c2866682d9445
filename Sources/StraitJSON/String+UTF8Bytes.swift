extension String {
  /// Creates a string from bytes the parser has already validated as UTF-8.
  ///
  /// `init(unsafeUninitializedCapacity:initializingUTF8With:)` writes strings of up to 15
  /// bytes straight into the small-string representation and checks ASCII with a mask,
  /// which measured several times cheaper than `init(decoding:as:)` for the short names and
  /// values that dominate JSON documents.
  @inline(__always)
  init(validatedUTF8 bytes: UnsafeBufferPointer<UInt8>) {
    let count = bytes.count
    guard let source = bytes.baseAddress, count > 0 else {
      self = ""
      return
    }
    self.init(unsafeUninitializedCapacity: count) { target in
      target.baseAddress.unsafelyUnwrapped.update(from: source, count: count)
      return count
    }
  }
}
