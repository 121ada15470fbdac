package dev.lingualens.common.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/**
 * A weight matrix kept in two bytes per value while the model computes in fp32, and widened only
 * while an op uses it: a 7B bf16 checkpoint then needs about its own 13.5 GB, not 27.
 *
 * <p>DJL 0.35.1's PyTorch engine has no BF16 type (creating a BF16 array aborts the JVM), so a bf16
 * tensor is held as fp16 times a power of two: {@code 2^k}, with {@code k} putting the tensor's
 * largest magnitude just under fp16's top binade. bf16's 8 significant bits fit fp16's 11, so every
 * value within 2^29 of the largest is stored exactly; smaller ones (below 2^-29 of the largest) are
 * rounded by at most 2^-40 of the largest. Widening multiplies by {@code 2^-k}, which is exact in
 * fp32. F16 tensors are held as they are ({@code k = 0}).
 */
final class StoredWeight {
  private final NDArray data;
  private final float unscale;
  private final long inexact;

  private StoredWeight(NDArray data, float unscale, long inexact) {
    this.data = data;
    this.unscale = unscale;
    this.inexact = inexact;
  }

  /** A weight already in the compute dtype: used as it is. */
  static StoredWeight plain(NDArray data) {
    return new StoredWeight(data, 1f, 0);
  }

  /** Reads rows [from, to) of a stored tensor into {@code dst} from position 0, little-endian. */
  interface RowReader {
    void read(long from, long to, ByteBuffer dst);
  }

  /**
   * A BF16 or F16 tensor read into {@code staging} (little-endian, from position 0) and copied into
   * {@code manager} as fp16; {@code staging} can be reused as soon as this returns. Null when a
   * bf16 value does not fit (inf or NaN): the caller widens that tensor instead.
   */
  static StoredWeight compact(NDManager manager, ByteBuffer staging, DType dtype, Shape shape) {
    return compact(manager, staging, dtype, shape, shape.get(0), (from, to, dst) -> {});
  }

  /**
   * The same, read {@code rowsPerChunk} rows at a time into {@code staging} (which holds that
   * many): a 250k-row embedding then needs a chunk of staging, not a second copy of itself. A BF16
   * tensor is read twice, once for its largest magnitude (the scale), once to convert.
   */
  static StoredWeight compact(
      NDManager manager,
      ByteBuffer staging,
      DType dtype,
      Shape shape,
      long rowsPerChunk,
      RowReader reader) {
    if (dtype != DType.BF16 && dtype != DType.F16) {
      throw new IllegalArgumentException(
          "only BF16 and F16 weights are kept compact, not " + dtype);
    }
    long rows = shape.get(0);
    long rowElements = shape.size() / rows;
    int k = 0;
    if (dtype == DType.BF16) {
      float maxAbs = 0;
      for (long from = 0; from < rows; from += rowsPerChunk) {
        long to = Math.min(rows, from + rowsPerChunk);
        reader.read(from, to, staging);
        int n = Math.toIntExact((to - from) * rowElements);
        for (int i = 0; i < n; i++) {
          float v = Math.abs(DType.bf16ToFloat(staging.getShort(2 * i)));
          if (!Float.isFinite(v)) {
            return null;
          }
          maxAbs = Math.max(maxAbs, v);
        }
      }
      k = maxAbs == 0 ? 0 : 15 - Math.getExponent(maxAbs);
    }
    long inexact = 0;
    NDArray owned = null;
    for (long from = 0; from < rows; from += rowsPerChunk) {
      long to = Math.min(rows, from + rowsPerChunk);
      reader.read(from, to, staging);
      int n = Math.toIntExact((to - from) * rowElements);
      if (dtype == DType.BF16) {
        inexact += toScaledHalves(staging, n, Math.scalb(1f, k));
      }
      Shape part = rows <= rowsPerChunk ? shape : new Shape(to - from).addAll(shape.slice(1));
      ByteBuffer view = staging.duplicate().order(staging.order()).position(0).limit(2 * n).slice();
      // on the CPU DJL wraps a direct buffer without copying; the clone is libtorch's own memory
      NDArray alias = manager.create(view.order(staging.order()), part, DataType.FLOAT16);
      if (rows <= rowsPerChunk) {
        owned = alias.duplicate();
      } else {
        if (owned == null) {
          owned = manager.zeros(shape, DataType.FLOAT16);
        }
        owned.set(new ai.djl.ndarray.index.NDIndex(from + ":" + to), alias);
      }
      alias.close();
    }
    return new StoredWeight(owned, Math.scalb(1f, -k), inexact);
  }

  /** bf16 values × scale as fp16, in place; returns how many were rounded. */
  private static long toScaledHalves(ByteBuffer staging, int n, float scale) {
    long inexact = 0;
    for (int i = 0; i < n; i++) {
      float v = DType.bf16ToFloat(staging.getShort(2 * i)) * scale;
      short h = DType.floatToF16(v);
      if (DType.f16ToFloat(h) != v) {
        inexact++;
      }
      staging.putShort(2 * i, h);
    }
    return inexact;
  }

  /**
   * The weight in {@code dtype} for the op about to use it. A widened copy is the caller's to close
   * (see {@link #release}) as soon as the op has run.
   */
  NDArray widened(DataType dtype) {
    return usedAsStored(dtype) ? data : widen(data, dtype);
  }

  private boolean usedAsStored(DataType dtype) {
    return data.getDataType() == dtype && unscale == 1f;
  }

  private NDArray widen(NDArray part, DataType dtype) {
    NDArray wide = part.toType(dtype, false);
    return unscale == 1f ? wide : wide.muli(unscale);
  }

  /**
   * x·Wᵀ, widening at most {@code rowsPerChunk} rows of W at a time: the unembedding of a 32k
   * vocabulary would otherwise need half a gigabyte in fp32 for one matmul.
   */
  NDArray linearByRows(NDArray x, int rowsPerChunk) {
    long rows = data.getShape().get(0);
    if (rows <= rowsPerChunk || usedAsStored(x.getDataType())) {
      return TransformerModel.linear(x, this, null);
    }
    ai.djl.ndarray.NDList parts = new ai.djl.ndarray.NDList();
    for (long from = 0; from < rows; from += rowsPerChunk) {
      NDArray slice = data.get(from + ":" + Math.min(rows, from + rowsPerChunk));
      NDArray wide = widen(slice, x.getDataType());
      parts.add(TransformerModel.linear(x, wide, null));
      wide.close();
      slice.close();
    }
    NDArray out = ai.djl.ndarray.NDArrays.concat(parts, -1);
    parts.close();
    return out;
  }

  /**
   * Row blocks at the given row offsets (a fused projection's parts), each its own weight stored as
   * this one is, with the same scale; this weight is closed.
   */
  StoredWeight[] splitRows(long... at) {
    long rows = data.getShape().get(0);
    StoredWeight[] parts = new StoredWeight[at.length + 1];
    for (int i = 0; i <= at.length; i++) {
      long from = i == 0 ? 0 : at[i - 1];
      long to = i == at.length ? rows : at[i];
      NDArray view = data.get(from + ":" + to);
      // a slice shares the fused storage; its own copy lets the fused array go
      parts[i] = new StoredWeight(view.duplicate(), unscale, 0);
      view.close();
    }
    data.close();
    return parts;
  }

  /** Closes what {@link #widened} returned if it was a copy, not the stored array. */
  void release(NDArray widened) {
    if (widened != data) {
      widened.close();
    }
  }

  /** Rows of the stored table for ids of any shape, widened: ids.shape + [D]. */
  NDArray rows(NDArray ids, NDManager into, DataType dtype) {
    NDArray picked = TransformerModel.embed(data, ids, into);
    return usedAsStored(dtype) ? picked : widen(picked, dtype);
  }

  Shape shape() {
    return data.getShape();
  }

  /** Bytes this weight keeps resident. */
  long bytes() {
    return data.getShape().size() * data.getDataType().getNumOfBytes();
  }

  /** How many values were rounded when stored (bf16 values below 2^-29 of the tensor's largest). */
  long inexact() {
    return inexact;
  }
}
