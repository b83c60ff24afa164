package org.netreeve.interception.iptables;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A small model of iptables for unit tests: tables of chains of rule specs, answering
 * {@code -C}, {@code -S} and {@code iptables-restore --noflush} (all-or-nothing, like the real one).
 * Specs are compared as written, which is what the installer relies on for -C and -D.
 */
final class FakeIptables implements CommandRunner {
    private final Map<String, Map<String, Map<String, List<String>>>> families = new LinkedHashMap<>();
    final List<String> commands = new ArrayList<>();
    Predicate<String> failRestore = input -> false;
    boolean missingTools;

    FakeIptables() {
        for (String tool : List.of("iptables", "ip6tables")) {
            Map<String, Map<String, List<String>>> tables = new LinkedHashMap<>();
            tables.put("mangle", chains("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"));
            tables.put("filter", chains("INPUT", "FORWARD", "OUTPUT"));
            tables.put("nat", chains("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"));
            families.put(tool, tables);
        }
    }

    private static Map<String, List<String>> chains(String... names) {
        Map<String, List<String>> chains = new LinkedHashMap<>();
        for (String name : names) {
            chains.put(name, new ArrayList<>());
        }
        return chains;
    }

    List<String> chain(String tool, String table, String chain) {
        return families.get(tool).get(table).get(chain);
    }

    boolean hasChain(String tool, String table, String chain) {
        return families.get(tool).get(table).containsKey(chain);
    }

    /** A deep copy of the whole state, for before/after comparisons. */
    String snapshot() {
        return families.toString();
    }

    @Override
    public Result run(List<String> command, String stdin) throws IOException {
        commands.add(String.join(" ", command));
        if (missingTools) {
            throw new IOException("Cannot run program \"" + command.get(0) + "\": error=2, No such file or directory");
        }
        String program = command.get(0);
        if (program.endsWith("-restore")) {
            String tool = program.substring(0, program.length() - "-restore".length());
            if (failRestore.test(program + "\n" + stdin)) {
                return new Result(1, "", program + ": line 3 failed");
            }
            return restore(tool, stdin);
        }
        Map<String, Map<String, List<String>>> tables = families.get(program);
        String table = command.get(command.indexOf("-t") + 1);
        Map<String, List<String>> chains = tables.get(table);
        if (command.contains("-S")) {
            StringBuilder out = new StringBuilder();
            List<String> user = new ArrayList<>();
            for (String chain : chains.keySet()) {
                if (chain.startsWith("C")) {
                    user.add(chain);
                } else {
                    out.append("-P ").append(chain).append(" ACCEPT\n");
                }
            }
            user.forEach(c -> out.append("-N ").append(c).append('\n'));
            chains.forEach((chain, rules) -> rules.forEach(r -> out.append("-A ").append(chain).append(' ')
                    .append(r).append('\n')));
            return new Result(0, out.toString(), "");
        }
        int check = command.indexOf("-C");
        String chain = command.get(check + 1);
        String spec = String.join(" ", command.subList(check + 2, command.size()));
        List<String> rules = chains.get(chain);
        return new Result(rules != null && rules.contains(spec) ? 0 : 1, "", "");
    }

    private Result restore(String tool, String input) {
        Map<String, Map<String, List<String>>> copy = deepCopy(families.get(tool));
        Map<String, List<String>> chains = null;
        int lineNumber = 0;
        for (String line : input.split("\n")) {
            lineNumber++;
            String[] words = line.split(" ", 3);
            switch (words[0].isEmpty() ? ' ' : words[0].charAt(0)) {
                case '*' -> chains = copy.get(line.substring(1));
                case ':' -> {
                    String name = line.substring(1).split(" ")[0];
                    chains.computeIfAbsent(name, n -> new ArrayList<>()).clear();
                }
                case 'C' -> chains = null;
                default -> {
                    String op = words[0];
                    String chain = words[1];
                    List<String> rules = chains.get(chain);
                    if (rules == null) {
                        return new Result(1, "", tool + "-restore: line " + lineNumber + " failed: no chain " + chain);
                    }
                    switch (op) {
                        case "-A" -> rules.add(words[2]);
                        case "-I" -> {
                            String[] positionAndSpec = words[2].split(" ", 2);
                            rules.add(Integer.parseInt(positionAndSpec[0]) - 1, positionAndSpec[1]);
                        }
                        case "-D" -> {
                            if (!rules.remove(words[2])) {
                                return new Result(1, "", tool + "-restore: line " + lineNumber + " failed");
                            }
                        }
                        case "-F" -> rules.clear();
                        case "-X" -> {
                            for (List<String> other : chains.values()) {
                                if (other.contains("-j " + chain)) {
                                    return new Result(1, "", tool + "-restore: line " + lineNumber
                                            + " failed: chain in use");
                                }
                            }
                            chains.remove(chain);
                        }
                        default -> throw new IllegalArgumentException("fake iptables cannot do " + line);
                    }
                }
            }
        }
        families.put(tool, copy);
        return new Result(0, "", "");
    }

    private static Map<String, Map<String, List<String>>> deepCopy(Map<String, Map<String, List<String>>> tables) {
        Map<String, Map<String, List<String>>> copy = new LinkedHashMap<>();
        tables.forEach((table, chains) -> {
            Map<String, List<String>> chainsCopy = new LinkedHashMap<>();
            chains.forEach((chain, rules) -> chainsCopy.put(chain, new ArrayList<>(rules)));
            copy.put(table, chainsCopy);
        });
        return copy;
    }
}
