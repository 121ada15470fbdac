package dev.lingualens.common.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files of a model folder may not lead out of it: a symlink whose target lies outside the
 * folder is refused like a shard name that leaves it, so a folder handed over by someone else
 * cannot make the job read (and report on) any file the job can read. One layout is allowed: a
 * snapshot of the Hugging Face cache ({@code models--org--name/snapshots/<rev>/}), whose files are
 * links into the same repository's {@code blobs/} folder.
 */
public final class ModelFiles {
  private ModelFiles() {}

  /** {@code file} (a path in {@code folder}) after checking that it resolves inside the folder. */
  public static Path inside(Path folder, Path file) {
    Path realFolder;
    Path realFile;
    try {
      realFolder = folder.toRealPath();
      realFile = file.toRealPath();
    } catch (IOException e) {
      throw new ModelLoadException(
          "Cannot resolve " + file + " in model folder " + folder + ": " + e.getMessage(), e);
    }
    if (realFile.startsWith(realFolder) || inHuggingFaceBlobs(realFolder, realFile)) {
      return file;
    }
    throw new ModelLoadException(
        file
            + " is a link to "
            + realFile
            + ", outside the model folder "
            + realFolder
            + ": refused (copy the file into the folder)");
  }

  private static boolean inHuggingFaceBlobs(Path realFolder, Path realFile) {
    Path snapshots = realFolder.getParent();
    if (snapshots == null || !snapshots.getFileName().toString().equals("snapshots")) {
      return false;
    }
    Path repo = snapshots.getParent();
    if (repo == null || !repo.getFileName().toString().startsWith("models--")) {
      return false;
    }
    Path blobs = repo.resolve("blobs");
    return Files.isDirectory(blobs)
        && realFile.getParent() != null
        && realFile.getParent().equals(blobs);
  }
}
