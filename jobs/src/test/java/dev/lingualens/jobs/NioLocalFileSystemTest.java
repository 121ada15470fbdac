package dev.lingualens.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Folders and files made through {@link NioLocalFileSystem} get the permissions Hadoop's own local
 * file system gives them (its forked chmod is the oracle), for the modes Spark's writers ask for
 * and a few stricter ones; and the class is what a local session's {@code file:} paths resolve to.
 */
class NioLocalFileSystemTest {
  @TempDir java.nio.file.Path dir;

  @Test
  void setsThePermissionsHadoopSets() throws IOException {
    Configuration conf = new Configuration();
    LocalFileSystem hadoop = new LocalFileSystem();
    hadoop.initialize(java.net.URI.create("file:///"), conf);
    NioLocalFileSystem nio = new NioLocalFileSystem();
    nio.initialize(java.net.URI.create("file:///"), conf);
    for (short mode : new short[] {0755, 0750, 0700, 0644, 0640, 0600, 0444}) {
      String tag = Integer.toOctalString(mode);
      FsPermission permission = new FsPermission(mode);
      for (FileSystem fs : new FileSystem[] {hadoop, nio}) {
        String name = fs.getClass().getSimpleName() + "-" + tag;
        Path folder = new Path(dir.resolve(name).toUri());
        assertThat(fs.mkdirs(new Path(folder, "a/b"), permission)).isTrue();
        try (FSDataOutputStream out =
            fs.create(new Path(folder, "file"), permission, true, 4096, (short) 1, 1 << 20, null)) {
          out.writeBytes("x");
        }
      }
      for (String leaf : new String[] {"a", "a/b", "file"}) {
        assertThat(mode(dir.resolve("NioLocalFileSystem-" + tag).resolve(leaf)))
            .as("%s under mode %s", leaf, tag)
            .isEqualTo(mode(dir.resolve("LocalFileSystem-" + tag).resolve(leaf)));
      }
    }
    assertThat(mode(dir.resolve("NioLocalFileSystem-700/a/b"))).isEqualTo("rwx------");
  }

  @Test
  void localSessionsInstallIt() {
    assertThat(Cli.LOCAL_DEFAULTS)
        .containsEntry("spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName());
  }

  private static String mode(java.nio.file.Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
