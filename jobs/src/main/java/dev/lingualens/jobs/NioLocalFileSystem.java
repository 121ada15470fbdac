package dev.lingualens.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system, setting permissions through {@code java.nio} instead of a forked
 * {@code chmod}. Without Hadoop's native library (not shipped for this platform) {@code
 * RawLocalFileSystem} runs {@code chmod} as a subprocess for every folder it creates and every file
 * it writes with a permission: 1,447 processes in one ingest of the 50 MB benchmark, most of its 16
 * s write stage (docs/benchmarks.md). The permissions set are the same. Installed for local
 * sessions as {@code fs.file.impl} ({@link Cli#LOCAL_DEFAULTS}).
 */
public final class NioLocalFileSystem extends LocalFileSystem {
  public NioLocalFileSystem() {
    super(new Raw());
  }

  static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      // The sticky bit has no java.nio form; a file system without POSIX attributes neither.
      if (permission.getStickyBit()) {
        super.setPermission(p, permission);
        return;
      }
      try {
        Files.setPosixFilePermissions(
            pathToFile(p).toPath(), PosixFilePermissions.fromString(permission.toString()));
      } catch (UnsupportedOperationException e) {
        super.setPermission(p, permission);
      }
    }
  }
}
