package org.netreeve.engine.rulebase;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.drools.compiler.kproject.models.KieBaseModelImpl;
import org.drools.model.Model;
import org.drools.model.codegen.ExecutableModelProject;
import org.drools.modelcompiler.CanonicalKieModule;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds {@link RuleBase}s: the shipped rules, precompiled to Drools' executable model when
 * Netreeve is built (so a cold start needs no compiler), plus the administrator's DRL files,
 * compiled to the executable model at load and merged into the same knowledge base.
 *
 * <p>Thread rules: {@link #load} may run on any thread (reloads run in the background); the
 * shipped models are read once and shared, they are immutable definitions.
 */
public final class RuleBaseLoader {

  private static final Logger log = LoggerFactory.getLogger(RuleBaseLoader.class);

  /** The executable-model index the build writes for the shipped rules. */
  public static final String SHIPPED_MODEL_INDEX = "META-INF/kie/org.netreeve/netreeve-rules/drools-model";
  /** The list of shipped DRL sources, for locating rules. */
  public static final String SHIPPED_SOURCES_INDEX = "org/netreeve/rules/rules.index";

  /**
   * Fact properties that make a decision depend on more than the connection's stable identity;
   * when user rules mention one, the decision cache keys on it too.
   */
  public static final Set<String> CACHE_SENSITIVE = Set.of(
      "localPort", "localIp", "pid", "ppid", "startTime", "cmdline", "args", "parents", "cgroup",
      "container", "user", "packetIndex", "payloadLength");

  private static final Pattern PACKAGE_DECL = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)");
  /** The fact types a rule may match besides Request; each is inserted only when rules match it. */
  private static final Pattern PATTERN_TYPE = Pattern.compile(
      "\\b(Connection|ProcessInfo|ProfileFact|PolicyContext|IntelFacts|EndpointFacts|PacketFacts)\\s*\\(");
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final AtomicLong BUILDS = new AtomicLong();

  private final ClassLoader classLoader;
  private final RuleFileCheck fileCheck;
  private final Path compiledCache;
  private volatile Shipped shipped;

  private record Shipped(List<Model> models, RuleIndex index, List<String> files, String digest, int rules) {}

  public RuleBaseLoader(ClassLoader classLoader, RuleFileCheck fileCheck) {
    this(classLoader, fileCheck, null);
  }

  /**
   * @param compiledCache a directory where compiled user rules are kept between runs, keyed by a
   *                      digest of their sources, so a restart does not compile them again; null
   *                      for none. It must pass the same ownership checks as rule files.
   */
  public RuleBaseLoader(ClassLoader classLoader, RuleFileCheck fileCheck, Path compiledCache) {
    this.classLoader = classLoader;
    this.fileCheck = fileCheck;
    this.compiledCache = compiledCache;
  }

  /** A loader using this class's loader and the running user for the file check. */
  public static RuleBaseLoader standard() {
    return new RuleBaseLoader(RuleBaseLoader.class.getClassLoader(), RuleFileCheck.forCurrentUser());
  }

  /** True when the shipped rules are on the class path. */
  public boolean hasShippedRules() {
    return classLoader.getResource(SHIPPED_MODEL_INDEX) != null;
  }

  /**
   * The shipped rules plus every {@code *.drl} file below {@code userDir} (null or missing: none).
   *
   * @throws RuleBaseException naming file and line of every problem; nothing is half-loaded
   */
  public RuleBase load(Path userDir) throws RuleBaseException {
    return build(readUserFiles(userDir));
  }

  /** The shipped rules plus the given sources (name → DRL text); for tests and dry runs. */
  public RuleBase build(Map<String, String> userSources) throws RuleBaseException {
    long t0 = System.nanoTime();
    Shipped base = shipped();
    List<Model> models = new ArrayList<>(base.models());
    RuleIndex index = base.index().copy();
    List<String> files = new ArrayList<>(base.files());
    MessageDigest digest = sha256();
    digest.update(base.digest().getBytes(StandardCharsets.UTF_8));
    int rules = base.rules();
    Set<String> reads = new LinkedHashSet<>();
    Set<String> patterns = new LinkedHashSet<>();
    if (!userSources.isEmpty()) {
      models.addAll(compile(userSources));
      for (Map.Entry<String, String> e : userSources.entrySet()) {
        index.add(e.getKey(), e.getValue());
        files.add(e.getKey());
        digest.update(e.getKey().getBytes(StandardCharsets.UTF_8));
        digest.update(e.getValue().getBytes(StandardCharsets.UTF_8));
        String code = stripComments(e.getValue());
        Matcher m = IDENT.matcher(code);
        while (m.find()) {
          if (CACHE_SENSITIVE.contains(m.group())) {
            reads.add(m.group());
          }
        }
        Matcher p = PATTERN_TYPE.matcher(code);
        while (p.find()) {
          patterns.add(p.group(1));
        }
      }
    }
    KieBase kieBase = KieBaseBuilder.createKieBaseFromModel(models);
    rules = kieBase.getKiePackages().stream().mapToInt(p -> p.getRules().size()).sum();
    log.debug("rule base built in {} ms: {} rules from {} files", (System.nanoTime() - t0) / 1_000_000, rules,
        files.size());
    return new RuleBase(kieBase, index, files, HexFormat.of().formatHex(digest.digest()), reads, rules, patterns);
  }

  /** Checks the rule files of {@code dir} without loading them; an empty list means valid. */
  public List<RuleError> validate(Path dir) {
    try {
      Map<String, String> sources = readUserFiles(dir);
      if (!sources.isEmpty()) {
        compile(sources);
      }
      return List.of();
    } catch (RuleBaseException e) {
      return e.errors();
    }
  }

  /** Reads and checks every {@code *.drl} below {@code dir}, in name order. */
  public Map<String, String> readUserFiles(Path dir) throws RuleBaseException {
    Map<String, String> sources = new LinkedHashMap<>();
    if (dir == null || !Files.isDirectory(dir)) {
      return sources;
    }
    List<RuleError> errors = new ArrayList<>();
    List<Path> paths;
    try (Stream<Path> s = Files.walk(dir)) {
      paths = s.filter(p -> p.toString().endsWith(".drl") && Files.isRegularFile(p)).sorted().toList();
    } catch (IOException e) {
      throw new RuleBaseException(List.of(new RuleError(dir.toString(), 0, 0, "cannot list rule files: " + e)));
    }
    for (Path p : paths) {
      String problem = fileCheck.problem(p);
      if (problem != null) {
        errors.add(new RuleError(p.toString(), 0, 0, "refusing to load: " + problem));
        continue;
      }
      try {
        sources.put(p.toString(), Files.readString(p));
      } catch (IOException e) {
        errors.add(new RuleError(p.toString(), 0, 0, "cannot read: " + e.getMessage()));
      }
    }
    if (!errors.isEmpty()) {
      throw new RuleBaseException(errors);
    }
    return sources;
  }

  private Collection<Model> compile(Map<String, String> sources) throws RuleBaseException {
    String key = cacheKey(sources);
    Collection<Model> cached = compiledCache == null ? null : CompiledRulesCache.load(compiledCache, key,
        classLoader, fileCheck);
    if (cached != null) {
      return cached;
    }
    KieServices ks = KieServices.Factory.get();
    ReleaseId id = ks.newReleaseId("org.netreeve.user", "rules" + BUILDS.incrementAndGet(), "1.0.0");
    KieFileSystem kfs = ks.newKieFileSystem();
    kfs.generateAndWritePomXML(id);
    Map<String, String> pathToFile = new LinkedHashMap<>();
    int n = 0;
    for (Map.Entry<String, String> e : sources.entrySet()) {
      // Drools wants a file's folder to match its package.
      Matcher pkg = PACKAGE_DECL.matcher(stripComments(e.getValue()));
      String folder = pkg.find() ? pkg.group(1).replace('.', '/') : "netreeve/user";
      String inner = "src/main/resources/" + folder + "/f" + (n++) + ".drl";
      pathToFile.put(inner, e.getKey());
      pathToFile.put(inner.substring("src/main/resources/".length()), e.getKey());
      kfs.write(inner, e.getValue());
    }
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(classLoader);
    try {
      KieBuilder kb = ks.newKieBuilder(kfs, classLoader).buildAll(ExecutableModelProject.class);
      List<RuleError> errors = new ArrayList<>();
      for (Message m : kb.getResults().getMessages(Message.Level.ERROR)) {
        String file = m.getPath() == null ? "(rules)" : pathToFile.getOrDefault(m.getPath(), m.getPath());
        String text = clean(m.getText());
        int line = m.getLine();
        if (line <= 0 && sources.containsKey(file)) {
          line = locate(sources.get(file), text);
        }
        errors.add(new RuleError(file, Math.max(0, line), Math.max(0, m.getColumn()), text));
      }
      if (!errors.isEmpty()) {
        throw new RuleBaseException(errors);
      }
      CanonicalKieModule module = (CanonicalKieModule) kb.getKieModule();
      KieBaseModelImpl kbm = (KieBaseModelImpl) module.getKieModuleModel().getKieBaseModels().values().iterator().next();
      Collection<Model> models = module.getModelForKBase(kbm);
      if (compiledCache != null) {
        CompiledRulesCache.store(compiledCache, key, module.getInternalKieModule(), id);
      }
      ks.getRepository().removeKieModule(id);
      return models;
    } catch (RuntimeException e) {
      log.debug("compiling rule files failed", e);
      throw new RuleBaseException(List.of(new RuleError(String.join(", ", sources.keySet()), 0, 0,
          "cannot compile: " + (e.getMessage() == null ? e.toString() : e.getMessage()))));
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  private static String cacheKey(Map<String, String> sources) {
    MessageDigest d = sha256();
    d.update(("drools " + org.drools.model.codegen.ExecutableModelProject.class.getPackage().getImplementationVersion()
        + " netreeve " + RuleBaseLoader.class.getPackage().getImplementationVersion() + "\n")
        .getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, String> e : sources.entrySet()) {
      d.update(e.getKey().getBytes(StandardCharsets.UTF_8));
      d.update((byte) 0);
      d.update(e.getValue().getBytes(StandardCharsets.UTF_8));
      d.update((byte) 0);
    }
    return HexFormat.of().formatHex(d.digest());
  }

  private Shipped shipped() throws RuleBaseException {
    Shipped s = shipped;
    if (s != null) {
      return s;
    }
    synchronized (this) {
      if (shipped == null) {
        shipped = loadShipped();
      }
      return shipped;
    }
  }

  private Shipped loadShipped() throws RuleBaseException {
    List<Model> models = new ArrayList<>();
    String modelIndex = readResource(SHIPPED_MODEL_INDEX);
    if (modelIndex == null) {
      throw new RuleBaseException(List.of(new RuleError(SHIPPED_MODEL_INDEX, 0, 0,
          "the shipped rule base is not on the class path (netreeve-rules jar missing)")));
    }
    for (String line : modelIndex.split("\n")) {
      String name = line.trim();
      if (name.isEmpty() || name.contains(":")) {
        continue;
      }
      try {
        models.add((Model) Class.forName(name, true, classLoader).getDeclaredConstructor().newInstance());
      } catch (ReflectiveOperationException | ClassCastException e) {
        throw new RuleBaseException(List.of(new RuleError(SHIPPED_MODEL_INDEX, 0, 0,
            "cannot load compiled rules " + name + ": " + e)));
      }
    }
    List<String> files = new ArrayList<>();
    MessageDigest digest = sha256();
    RuleIndex index = new RuleIndex();
    String sourcesIndex = readResource(SHIPPED_SOURCES_INDEX);
    if (sourcesIndex != null) {
      for (String line : sourcesIndex.split("\n")) {
        String f = line.trim();
        if (f.isEmpty() || f.startsWith("#")) {
          continue;
        }
        String src = readResource(f);
        if (src == null) {
          throw new RuleBaseException(List.of(new RuleError(SHIPPED_SOURCES_INDEX, 0, 0, "missing source " + f)));
        }
        files.add(f);
        index.add(f, src);
        digest.update(src.getBytes(StandardCharsets.UTF_8));
      }
    }
    return new Shipped(List.copyOf(models), index, List.copyOf(files), HexFormat.of().formatHex(digest.digest()),
        index.size());
  }

  private String readResource(String name) {
    try (InputStream in = classLoader.getResourceAsStream(name)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }

  private static final Pattern EXPRESSION = Pattern.compile("expression:?\\s*(.+)$");

  /**
   * The line of the text an error message quotes, when Drools gives none (its executable model
   * reports some expression errors without a position).
   */
  static int locate(String source, String message) {
    Matcher m = EXPRESSION.matcher(message);
    if (m.find()) {
      String expr = m.group(1).trim();
      String[] lines = source.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].contains(expr)) {
          return i + 1;
        }
      }
    }
    return 0;
  }

  private static String clean(String text) {
    return text == null ? "" : text.replace("\r", "").trim().replaceAll("\\s*\n\\s*", " ");
  }

  private static String stripComments(String drl) {
    return drl.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
