package org.netreeve.daemon.cli;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.netreeve.engine.policy.IntelSettings;
import org.netreeve.intel.Intel;
import org.netreeve.intel.filterlists.FilterMatch;
import org.netreeve.intel.filterlists.Selection;
import org.netreeve.intel.update.BundleException;
import org.netreeve.intel.update.BundleManifest;
import org.netreeve.intel.update.InstallResult;
import org.netreeve.intel.update.IntelBundles;
import org.netreeve.intel.update.KeyFiles;
import org.netreeve.intel.update.SigningKey;
import org.netreeve.intel.update.VerifyKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code netreeve intel}: filter lists, GeoIP and signed intel updates. */
@Command(name = "intel", mixinStandardHelpOptions = true,
    description = "Filter lists, GeoIP/ASN and signed intel updates (Ed25519).",
    subcommands = {IntelCommand.Keygen.class, IntelCommand.Sign.class, IntelCommand.Verify.class,
        IntelCommand.Install.class, IntelCommand.Lookup.class})
public final class IntelCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  /** {@code netreeve intel keygen}. */
  @Command(name = "keygen", mixinStandardHelpOptions = true, description = "Make an Ed25519 key pair for signing intel.")
  public static final class Keygen implements Callable<Integer> {
    @Option(names = "--private", required = true, paramLabel = "FILE", description = "Private key file (mode 0600).")
    Path privateFile;

    @Option(names = "--public", required = true, paramLabel = "FILE", description = "Public key file.")
    Path publicFile;

    @Override
    public Integer call() throws Exception {
      if (Files.exists(privateFile)) {
        System.err.println(privateFile + " exists; refusing to overwrite a key");
        return 1;
      }
      SigningKey key = SigningKey.generate();
      KeyFiles.writePrivate(key, privateFile, KeyFiles.Encoding.PEM);
      KeyFiles.writePublic(key.verifyKey(), publicFile, KeyFiles.Encoding.PEM);
      System.out.println("key " + key.verifyKey().id() + ": private " + privateFile + ", public " + publicFile);
      return 0;
    }
  }

  /** {@code netreeve intel sign DIR --key FILE}. */
  @Command(name = "sign", mixinStandardHelpOptions = true,
      description = "Sign a bundle directory: writes MANIFEST (SHA-256 of every file) and MANIFEST.sig.")
  public static final class Sign implements Callable<Integer> {
    @Parameters(paramLabel = "DIR")
    Path dir;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "The private key.")
    Path key;

    @Override
    public Integer call() throws Exception {
      BundleManifest m = IntelBundles.sign(dir, KeyFiles.readPrivate(key), Clock.systemUTC());
      System.out.println("signed " + m.files().size() + " files by " + m.signer() + " at " + m.created());
      return 0;
    }
  }

  /** {@code netreeve intel verify DIR --pubkey FILE}. */
  @Command(name = "verify", mixinStandardHelpOptions = true, description = "Check a bundle's signature and files.")
  public static final class Verify implements Callable<Integer> {
    @Parameters(paramLabel = "DIR")
    Path dir;

    @Option(names = "--pubkey", required = true, paramLabel = "FILE", description = "The trusted public key.")
    Path key;

    @Override
    public Integer call() throws Exception {
      try {
        var v = IntelBundles.verify(dir, KeyFiles.readPublic(key));
        System.out.println("valid: " + v.manifest().files().size() + " files signed by " + v.manifest().signer()
            + " at " + v.manifest().created());
        return 0;
      } catch (BundleException e) {
        System.out.println("REFUSED (" + e.reason() + "): " + e.getMessage());
        return 1;
      }
    }
  }

  /** {@code netreeve intel install DIR}. */
  @Command(name = "install", mixinStandardHelpOptions = true,
      description = {"Verify a signed bundle and install it atomically into the configured bundles directory; "
          + "a running daemon then reloads its intel.",
          "Unsigned, tampered, wrongly signed or older bundles are refused and nothing changes."})
  public static final class Install implements Callable<Integer> {
    @Parameters(paramLabel = "DIR")
    Path dir;

    @Mixin
    ApiClient api;

    @Option(names = "--pubkey", paramLabel = "FILE", description = "Trusted public key (default: intel.update-key).")
    Path key;

    @Option(names = "--target", paramLabel = "DIR", description = "Install here (default: intel.bundles).")
    Path target;

    @Option(names = "--allow-rollback", description = "Install even if older than the installed bundle.")
    boolean rollback;

    @Override
    public Integer call() throws Exception {
      IntelSettings s = Files.exists(api.config) ? IntelFiles.settings(api.config) : IntelSettings.NONE;
      Path k = key != null ? key : s.updateKey();
      Path t = target != null ? target : s.bundles();
      if (k == null || t == null) {
        System.err.println("need the trusted key and the target directory: configure intel.update-key and "
            + "intel.bundles in " + api.config + ", or pass --pubkey and --target");
        return 2;
      }
      VerifyKey trusted = KeyFiles.readPublic(k);
      try {
        InstallResult r = IntelBundles.install(dir, trusted, t, rollback, IntelBundles.DEFAULT_KEEP);
        System.out.println(r.unchanged() ? "already installed: " + r.current()
            : "installed " + r.manifest().files().size() + " files as " + r.current());
      } catch (BundleException e) {
        System.out.println("REFUSED (" + e.reason() + "): " + e.getMessage());
        return 1;
      }
      try {
        api.post("/api/intel/reload", null);
        System.out.println("the running daemon reloaded its intel");
      } catch (IllegalStateException e) {
        System.out.println("not reloaded in a daemon: " + e.getMessage());
      }
      return 0;
    }
  }

  /** {@code netreeve intel lookup NAME|IP}. */
  @Command(name = "lookup", mixinStandardHelpOptions = true,
      description = "Show what intel knows about a domain or an address: filter lists, country, continent, AS.")
  public static final class Lookup implements Callable<Integer> {
    @Parameters(paramLabel = "NAME|IP")
    String what;

    @Option(names = "--intel", paramLabel = "FILE", defaultValue = "/etc/netreeve/netreeve.yaml",
        description = "netreeve.yaml or an intel settings file (default: ${DEFAULT-VALUE}).")
    Path file;

    @Override
    public Integer call() throws Exception {
      Intel intel = IntelFiles.load(file);
      boolean ip = what.matches("[0-9a-fA-F:.]+") && (what.contains(":") || what.matches("[0-9.]+"));
      InetAddress address = ip ? InetAddress.getByName(what) : null;
      Intel.Facts f = intel.lookup(ip ? null : what, List.of(), address, Selection.ALL);
      if (f.lists().blocked().isEmpty()) {
        System.out.println("lists:     none");
      }
      for (FilterMatch m : f.lists().blocked()) {
        System.out.println("list:      " + m.listId() + " (" + m.category() + "): " + m.explain());
      }
      for (FilterMatch m : f.lists().excepted()) {
        System.out.println("excepted:  " + m.listId() + " (" + m.category() + "): " + m.explain());
      }
      if (address != null) {
        var g = f.geo();
        System.out.println("country:   " + (g.country() == null ? "unknown" : g.country() + " (" + g.continent() + ")"));
        System.out.println("AS:        " + (g.asn() == 0 ? "unknown" : "AS" + g.asn() + " " + g.asOrganization()));
      }
      return 0;
    }
  }
}
