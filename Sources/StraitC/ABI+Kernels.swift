import CStrait
import StraitKernels

/// Validates a single-row call and runs `apply` on the checked kernel API.
@inline(__always)
private func applyRow<Element>(
  _ logits: UnsafeMutablePointer<Element>?, _ count: Int, _ bitmask: UnsafePointer<UInt32>?,
  _ wordCount: Int, in function: StaticString,
  _ apply: (UnsafeBufferPointer<UInt32>, UnsafeMutableBufferPointer<Element>) throws(KernelError) -> Void
) -> strait_status {
  guard count >= 0 else { return failSize("n_logits", count, in: function) }
  guard wordCount >= 0 else { return failSize("n_words", wordCount, in: function) }
  guard count > 0 else { return STRAIT_OK }
  guard let logits else { return failNull("logits", in: function) }
  guard let bitmask else { return failNull("bitmask", in: function) }
  do {
    try apply(
      UnsafeBufferPointer(start: bitmask, count: wordCount),
      UnsafeMutableBufferPointer(start: logits, count: count))
  } catch {
    return fail(error, in: function)
  }
  return STRAIT_OK
}

/// `strait_apply_bitmask_f32` of the C ABI; documented in include/strait.h.
@_cdecl("strait_apply_bitmask_f32")
public func strait_apply_bitmask_f32(
  _ logits: UnsafeMutablePointer<Float>?, _ count: Int, _ bitmask: UnsafePointer<UInt32>?,
  _ wordCount: Int
) -> strait_status {
  applyRow(logits, count, bitmask, wordCount, in: "strait_apply_bitmask_f32") {
    (mask, row) throws(KernelError) in try MaskKernels.applyMask(mask, to: row)
  }
}

/// `strait_apply_bitmask_f16` of the C ABI; documented in include/strait.h.
@_cdecl("strait_apply_bitmask_f16")
public func strait_apply_bitmask_f16(
  _ logits: UnsafeMutablePointer<UInt16>?, _ count: Int, _ bitmask: UnsafePointer<UInt32>?,
  _ wordCount: Int
) -> strait_status {
  applyRow(logits, count, bitmask, wordCount, in: "strait_apply_bitmask_f16") {
    (mask, row) throws(KernelError) in try MaskKernels.applyMask(mask, to: row, format: .float16)
  }
}

/// `strait_apply_bitmask_bf16` of the C ABI; documented in include/strait.h.
@_cdecl("strait_apply_bitmask_bf16")
public func strait_apply_bitmask_bf16(
  _ logits: UnsafeMutablePointer<UInt16>?, _ count: Int, _ bitmask: UnsafePointer<UInt32>?,
  _ wordCount: Int
) -> strait_status {
  applyRow(logits, count, bitmask, wordCount, in: "strait_apply_bitmask_bf16") {
    (mask, row) throws(KernelError) in try MaskKernels.applyMask(mask, to: row, format: .bfloat16)
  }
}

/// The arguments of a batch call, validated and converted for the checked kernel API.
private struct BatchArguments<Element> {
  var logits: UnsafeMutableBufferPointer<Element>
  var masks: UnsafeBufferPointer<UInt32>
  var layout: BatchLayout
  var indices: UnsafeBufferPointer<Int32>?
}

/// Validates the plain C arguments of a batch call (sizes, NULLs, overflow); the kernel
/// API then checks strides, row extents and indices.
private func batchArguments<Element>(
  _ logits: UnsafeMutablePointer<Element>?, _ rows: Int, _ logitsStride: Int, _ vocabSize: Int,
  _ masks: UnsafePointer<UInt32>?, _ maskRows: Int, _ maskStride: Int,
  _ indices: UnsafePointer<Int32>?, _ indexCount: Int, in function: StaticString
) -> Result<BatchArguments<Element>?, StatusError> {
  for (name, value) in [
    ("n_rows", rows), ("logits_stride", logitsStride), ("vocab_size", vocabSize),
    ("n_mask_rows", maskRows), ("mask_stride", maskStride), ("n_indices", indexCount),
  ] where value < 0 {
    return .failure(StatusError(failSize(name, value, in: function)))
  }
  let (logitsCount, overflow1) = rows.multipliedReportingOverflow(by: logitsStride)
  let (maskCount, overflow2) = maskRows.multipliedReportingOverflow(by: maskStride)
  guard !overflow1, !overflow2 else {
    return .failure(
      StatusError(fail(STRAIT_INVALID_ARGUMENT, "\(function): buffer sizes overflow")))
  }
  if indices == nil, indexCount > 0 {
    return .failure(StatusError(failNull("indices (n_indices > 0)", in: function)))
  }
  let selected = indices == nil ? rows : indexCount
  // Nothing to touch: no rows, or rows of zero tokens.
  if selected == 0 || vocabSize == 0 { return .success(nil) }
  guard let logits else { return .failure(StatusError(failNull("logits", in: function))) }
  guard let masks else { return .failure(StatusError(failNull("bitmasks", in: function))) }
  if indices == nil, maskRows < rows {
    return .failure(
      StatusError(
        fail(
          STRAIT_BUFFER_TOO_SMALL,
          "\(function): n_mask_rows \(maskRows) < n_rows \(rows) (no indices: one mask row per logits row)"
        )))
  }
  if indices != nil, maskRows < indexCount {
    return .failure(
      StatusError(
        fail(
          STRAIT_BUFFER_TOO_SMALL,
          "\(function): n_mask_rows \(maskRows) < n_indices \(indexCount) (mask row i goes to logits row indices[i])"
        )))
  }
  return .success(
    BatchArguments(
      logits: UnsafeMutableBufferPointer(start: logits, count: logitsCount),
      masks: UnsafeBufferPointer(start: masks, count: maskCount),
      layout: BatchLayout(
        rowCount: rows, vocabularySize: vocabSize, logitsRowStride: logitsStride,
        maskRowStride: maskStride),
      indices: indices.map { UnsafeBufferPointer(start: $0, count: indexCount) }))
}

/// `strait_apply_bitmask_f32_batch` of the C ABI; documented in include/strait.h.
@_cdecl("strait_apply_bitmask_f32_batch")
public func strait_apply_bitmask_f32_batch(
  _ logits: UnsafeMutablePointer<Float>?, _ rows: Int, _ logitsStride: Int, _ vocabSize: Int,
  _ masks: UnsafePointer<UInt32>?, _ maskRows: Int, _ maskStride: Int,
  _ indices: UnsafePointer<Int32>?, _ indexCount: Int
) -> strait_status {
  let function: StaticString = "strait_apply_bitmask_f32_batch"
  switch batchArguments(
    logits, rows, logitsStride, vocabSize, masks, maskRows, maskStride, indices, indexCount,
    in: function)
  {
  case .failure(let error): return error.status
  case .success(nil): return STRAIT_OK
  case .success(let a?):
    do {
      try MaskKernels.applyMask(
        batch: a.masks, to: a.logits, layout: a.layout, indices: a.indices, indexing: .compactMasks)
    } catch {
      return fail(error, in: function)
    }
    return STRAIT_OK
  }
}

/// The 16-bit batch calls (float16 and bfloat16 differ only in the format).
private func applyBatch16(
  _ logits: UnsafeMutablePointer<UInt16>?, _ rows: Int, _ logitsStride: Int, _ vocabSize: Int,
  _ masks: UnsafePointer<UInt32>?, _ maskRows: Int, _ maskStride: Int,
  _ indices: UnsafePointer<Int32>?, _ indexCount: Int, format: HalfPrecisionFormat,
  in function: StaticString
) -> strait_status {
  switch batchArguments(
    logits, rows, logitsStride, vocabSize, masks, maskRows, maskStride, indices, indexCount,
    in: function)
  {
  case .failure(let error): return error.status
  case .success(nil): return STRAIT_OK
  case .success(let a?):
    do {
      try MaskKernels.applyMask(
        batch: a.masks, to: a.logits, format: format, layout: a.layout, indices: a.indices,
        indexing: .compactMasks)
    } catch {
      return fail(error, in: function)
    }
    return STRAIT_OK
  }
}

/// `strait_apply_bitmask_f16_batch` of the C ABI; documented in include/strait.h.
@_cdecl("strait_apply_bitmask_f16_batch")
public func strait_apply_bitmask_f16_batch(
  _ logits: UnsafeMutablePointer<UInt16>?, _ rows: Int, _ logitsStride: Int, _ vocabSize: Int,
  _ masks: UnsafePointer<UInt32>?, _ maskRows: Int, _ maskStride: Int,
  _ indices: UnsafePointer<Int32>?, _ indexCount: Int
) -> strait_status {
  applyBatch16(
    logits, rows, logitsStride, vocabSize, masks, maskRows, maskStride, indices, indexCount,
    format: .float16, in: "strait_apply_bitmask_f16_batch")
}

/// `strait_apply_bitmask_bf16_batch` of the C ABI; documented in include/strait.h.
@_cdecl("strait_apply_bitmask_bf16_batch")
public func strait_apply_bitmask_bf16_batch(
  _ logits: UnsafeMutablePointer<UInt16>?, _ rows: Int, _ logitsStride: Int, _ vocabSize: Int,
  _ masks: UnsafePointer<UInt32>?, _ maskRows: Int, _ maskStride: Int,
  _ indices: UnsafePointer<Int32>?, _ indexCount: Int
) -> strait_status {
  applyBatch16(
    logits, rows, logitsStride, vocabSize, masks, maskRows, maskStride, indices, indexCount,
    format: .bfloat16, in: "strait_apply_bitmask_bf16_batch")
}

/// `strait_masked_argmax_f32` of the C ABI; documented in include/strait.h.
@_cdecl("strait_masked_argmax_f32")
public func strait_masked_argmax_f32(
  _ logits: UnsafePointer<Float>?, _ count: Int, _ bitmask: UnsafePointer<UInt32>?,
  _ wordCount: Int, _ outToken: UnsafeMutablePointer<Int32>?
) -> strait_status {
  let function: StaticString = "strait_masked_argmax_f32"
  guard let outToken else { return failNull("out_token", in: function) }
  guard count >= 0 else { return failSize("n_logits", count, in: function) }
  guard wordCount >= 0 else { return failSize("n_words", wordCount, in: function) }
  guard count > 0 else {
    outToken.pointee = -1
    return STRAIT_OK
  }
  guard let logits else { return failNull("logits", in: function) }
  guard let bitmask else { return failNull("bitmask", in: function) }
  do {
    let best = try MaskKernels.maskedArgmax(
      UnsafeBufferPointer(start: logits, count: count),
      mask: UnsafeBufferPointer(start: bitmask, count: wordCount))
    outToken.pointee = best.map { Int32(truncatingIfNeeded: $0) } ?? -1
  } catch {
    return fail(error, in: function)
  }
  return STRAIT_OK
}
