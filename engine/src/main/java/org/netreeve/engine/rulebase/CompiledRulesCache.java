package org.netreeve.engine.rulebase;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.model.Model;
import org.kie.api.builder.ReleaseId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiled user rules kept on disk between runs: one jar per digest of the rule sources, holding
 * the executable model's classes. Compiling DRL takes seconds; loading the jar takes milliseconds,
 * so a restart with unchanged rules is as fast as one without any.
 *
 * <p>The jar is code that will run in the firewall, so it is only used when it and its directory
 * pass the same ownership checks as rule files; a cache entry that does not is ignored and
 * rebuilt.
 */
final class CompiledRulesCache {

  private static final Logger log = LoggerFactory.getLogger(CompiledRulesCache.class);
  private static final String MODELS = "netreeve-models";

  private CompiledRulesCache() {}

  /** The models of a cached compilation, or null when there is none (or it cannot be trusted). */
  static Collection<Model> load(Path dir, String key, ClassLoader parent, RuleFileCheck check) {
    Path jar = dir.resolve(key + ".jar");
    if (!Files.isRegularFile(jar)) {
      return null;
    }
    String problem = check.problem(jar);
    if (problem != null) {
      log.warn("ignoring compiled rules {}: {}", jar, problem);
      return null;
    }
    try (JarFile jf = new JarFile(jar.toFile())) {
      JarEntry e = jf.getJarEntry(MODELS);
      if (e == null) {
        return null;
      }
      String names;
      try (InputStream in = jf.getInputStream(e)) {
        names = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      // The loader stays open for as long as the rule base lives.
      URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, parent);
      List<Model> models = new ArrayList<>();
      for (String name : names.split("\n")) {
        if (!name.isBlank()) {
          models.add((Model) loader.loadClass(name.trim()).getDeclaredConstructor().newInstance());
        }
      }
      return models;
    } catch (IOException | ReflectiveOperationException | ClassCastException | LinkageError e) {
      log.warn("ignoring compiled rules {}: {}", jar, e.toString());
      return null;
    }
  }

  /** Stores a compilation; failures are logged, never fatal (the rules still run, just uncached). */
  static void store(Path dir, String key, InternalKieModule module, ReleaseId id) {
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, key, ".tmp");
      String modelIndex = "META-INF/kie/" + id.getGroupId() + "/" + id.getArtifactId() + "/drools-model";
      StringBuilder models = new StringBuilder();
      byte[] index = module.getBytes(modelIndex);
      if (index == null) {
        Files.deleteIfExists(tmp);
        return;
      }
      for (String line : new String(index, StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.contains(":")) {
          models.append(line.trim()).append('\n');
        }
      }
      try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jar = new JarOutputStream(out)) {
        jar.putNextEntry(new JarEntry(MODELS));
        jar.write(models.toString().getBytes(StandardCharsets.UTF_8));
        jar.closeEntry();
        for (String name : module.getFileNames()) {
          if (name.endsWith(".class")) {
            jar.putNextEntry(new JarEntry(name));
            jar.write(module.getBytes(name));
            jar.closeEntry();
          }
        }
      }
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      Files.move(tmp, dir.resolve(key + ".jar"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      log.warn("cannot keep compiled rules in {}: {}", dir, e.toString());
    }
  }
}
