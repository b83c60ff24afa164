package org.netreeve.profiles.yaml;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.netreeve.profiles.model.Profile;
import org.netreeve.profiles.model.ProfileSet;
import org.netreeve.profiles.model.SourceLocation;
import org.netreeve.profiles.model.Special;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * Loads a directory tree of profile files ({@code *.yaml}, {@code *.yml}; hidden files and folders
 * such as {@code .git} are skipped, other files ignored). A profile's id is its path relative to the
 * directory without the extension.
 *
 * <p>Every file is parsed even after errors, then the set is checked across files (two profiles
 * claiming the same exact path or folder, two profiles for one special, two files with one id), so a
 * single run reports everything. Stateless and thread-safe.
 */
public final class ProfileLoader {

  private static final Logger LOG = LoggerFactory.getLogger(ProfileLoader.class);

  /** Files larger than this are refused before parsing. */
  public static final long MAX_FILE_BYTES = 1L << 20;

  /** Below this many files parsing stays on the calling thread. */
  private static final int PARALLEL_THRESHOLD = 64;

  /** The outcome of parsing one file on its own. */
  public record FileResult(Profile profile, List<ProfileError> errors, List<ProfileWarning> warnings) {
    public FileResult {
      errors = List.copyOf(errors);
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * Loads every profile under {@code dir}.
   *
   * @return the profiles, or all errors; never throws for bad content
   */
  public LoadResult load(Path dir) {
    String dirName = dir.toString();
    if (!Files.isDirectory(dir)) {
      return failed(List.of(new ProfileError(dirName, 0, 0,
          Files.exists(dir) ? "not a directory" : "no such directory")), 0);
    }
    List<Path> files;
    List<ProfileError> listing = new ArrayList<>();
    try {
      files = profileFiles(dir, listing);
    } catch (IOException e) {
      return failed(List.of(new ProfileError(dirName, 0, 0, "cannot list the directory: " + e)), 0);
    }
    IntStream indices = IntStream.range(0, files.size());
    if (files.size() >= PARALLEL_THRESHOLD) {
      indices = indices.parallel();
    }
    FileResult[] results = new FileResult[files.size()];
    // One composer per worker thread for this load only: building one per file costs more than
    // parsing a small profile.
    ThreadLocal<Yaml> yaml = ThreadLocal.withInitial(ProfileFileParser::newYaml);
    indices.forEach(i -> results[i] = readFile(dir, files.get(i), yaml.get()));

    List<ProfileError> errors = new ArrayList<>(listing);
    List<ProfileWarning> warnings = new ArrayList<>();
    List<Profile> profiles = new ArrayList<>();
    for (FileResult r : results) {
      errors.addAll(r.errors());
      warnings.addAll(r.warnings());
      if (r.profile() != null) {
        profiles.add(r.profile());
      }
    }
    checkAcrossFiles(profiles, errors);
    errors.sort(Comparator.comparing(ProfileError::file).thenComparingInt(ProfileError::line)
        .thenComparingInt(ProfileError::column));
    warnings.sort(Comparator.comparing(ProfileWarning::file).thenComparingInt(ProfileWarning::line)
        .thenComparingInt(ProfileWarning::column));
    if (!errors.isEmpty()) {
      return new LoadResult(null, errors, warnings, files.size());
    }
    LOG.debug("loaded {} profiles from {}", profiles.size(), dir);
    return new LoadResult(ProfileSet.of(profiles), errors, warnings, files.size());
  }

  /** The same as {@link #load}; named for {@code netreeve profiles validate DIR}. */
  public LoadResult validate(Path dir) {
    return load(dir);
  }

  /**
   * Parses one profile from text, e.g. for tests or an editor integration.
   *
   * @param text the YAML
   * @param file the name used in errors and locations
   * @param id   the profile id
   */
  public FileResult parse(String text, String file, String id) {
    return parse(text, file, id, ProfileFileParser.newYaml());
  }

  private FileResult parse(String text, String file, String id, Yaml yaml) {
    ProfileFileParser p = new ProfileFileParser(file, id, yaml);
    Profile profile = p.parse(text);
    return new FileResult(profile, p.errors(), p.warnings());
  }

  private FileResult readFile(Path dir, Path path, Yaml yaml) {
    Path relative = dir.relativize(path);
    String file = dir.resolve(relative).toString();
    String rel = relative.toString().replace('\\', '/');
    String id = rel.substring(0, rel.lastIndexOf('.'));
    try {
      long size = Files.size(path);
      if (size > MAX_FILE_BYTES) {
        return new FileResult(null, List.of(new ProfileError(file, 0, 0, "file is " + size
            + " bytes; a profile file may have at most " + MAX_FILE_BYTES)), List.of());
      }
      byte[] bytes = Files.readAllBytes(path);
      String text;
      try {
        text = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        return new FileResult(null, List.of(new ProfileError(file, 0, 0,
            "not valid UTF-8 text")), List.of());
      }
      return parse(text, file, id, yaml);
    } catch (IOException e) {
      return new FileResult(null, List.of(new ProfileError(file, 0, 0, "cannot read: " + e)), List.of());
    }
  }

  /**
   * The profile files under {@code dir}, sorted. Symbolic links are followed (configuration
   * management often links profiles into place); loops and unreadable entries become errors.
   */
  private static List<Path> profileFiles(Path dir, List<ProfileError> errors) throws IOException {
    List<Path> out = new ArrayList<>();
    Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
        if (!d.equals(dir) && d.getFileName().toString().startsWith(".")) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
        String n = f.getFileName().toString();
        if (attrs.isRegularFile() && !n.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml"))) {
          out.add(f);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path f, IOException e) {
        String why = e instanceof FileSystemLoopException ? "symbolic link loop"
            : e instanceof AccessDeniedException ? "permission denied" : e.toString();
        errors.add(new ProfileError(f.toString(), 0, 0, "cannot read: " + why));
        return FileVisitResult.CONTINUE;
      }
    });
    out.sort(Comparator.comparing(Path::toString));
    return out;
  }

  /** Conflicts between files: ids, exact paths, folder prefixes and specials must be unique. */
  private static void checkAcrossFiles(List<Profile> profiles, List<ProfileError> errors) {
    Map<String, Profile> ids = new HashMap<>();
    Map<String, Claim> exact = new HashMap<>();
    Map<String, Claim> prefixes = new HashMap<>();
    Map<Special, Profile> specials = new HashMap<>();
    for (Profile p : profiles) {
      Profile sameId = ids.putIfAbsent(p.id(), p);
      if (sameId != null) {
        errors.add(new ProfileError(p.file(), 0, 0, "profile id \"" + p.id() + "\" is also the id of "
            + sameId.file() + "; rename one of the files"));
        continue;
      }
      if (p.special() != null) {
        Profile other = specials.putIfAbsent(p.special(), p);
        if (other != null) {
          SourceLocation at = p.location("special");
          errors.add(new ProfileError(p.file(), at.line(), at.column(), "there is already a \""
              + p.special().yamlName() + "\" special profile: " + other.id() + " ("
              + other.location("special") + ")"));
        }
      }
      Map<String, Claim> claims = p.defaultProfile() ? prefixes : exact;
      for (int i = 0; i < p.paths().size(); i++) {
        String path = normalisedPath(p, p.paths().get(i));
        SourceLocation at = p.location("paths[" + i + "]");
        Claim other = claims.putIfAbsent(path, new Claim(p, at));
        if (other != null) {
          errors.add(new ProfileError(p.file(), at.line(), at.column(), (p.defaultProfile()
              ? "folder \"" + path + "\" already has a default profile: " : "path \"" + path
              + "\" is already claimed by profile ") + "\"" + other.profile().id() + "\" ("
              + other.at() + ")"));
        }
      }
    }
  }

  /** Folder prefixes compare without their trailing slash. */
  static String normalisedPath(Profile p, String path) {
    if (p.defaultProfile() && path.length() > 1 && path.endsWith("/")) {
      return path.substring(0, path.length() - 1);
    }
    return path;
  }

  private record Claim(Profile profile, SourceLocation at) {}

  private static LoadResult failed(List<ProfileError> errors, int files) {
    return new LoadResult(null, errors, List.of(), files);
  }
}
