package org.netreeve.profiles.match;

import java.util.Map;
import org.netreeve.profiles.model.Profile;

/**
 * The folders of default profiles, searched for the longest folder containing a path in one
 * left-to-right pass without allocating: the hash of each prefix ending before a '/' is computed
 * on the way (it equals {@link String#hashCode()} of that prefix) and probed in an open-addressing
 * table. Immutable after construction; safe for concurrent readers.
 */
final class FolderTable {

  private final String[] keys;
  private final int[] hashes;
  private final Profile[] values;
  private final int mask;
  private final int shift;
  private final boolean hasRoot;

  /** @param folders folder path (no trailing slash, except "/") to profile */
  FolderTable(Map<String, Profile> folders) {
    int capacity = Integer.highestOneBit(Math.max(4, folders.size() * 2 + 1)) << 1;
    keys = new String[capacity];
    hashes = new int[capacity];
    values = new Profile[capacity];
    mask = capacity - 1;
    shift = 32 - Integer.numberOfTrailingZeros(capacity);
    for (Map.Entry<String, Profile> e : folders.entrySet()) {
      String k = e.getKey();
      int h = k.hashCode();
      int i = slot(h);
      while (keys[i] != null) {
        i = (i + 1) & mask;
      }
      keys[i] = k;
      hashes[i] = h;
      values[i] = e.getValue();
    }
    hasRoot = folders.containsKey("/");
  }

  /** The longest folder that is {@code path} or contains it on whole path parts, or null. */
  String longest(String path) {
    String best = hasRoot && !path.isEmpty() && path.charAt(0) == '/' ? "/" : null;
    int h = 0;
    int n = path.length();
    for (int i = 0; i < n; i++) {
      char c = path.charAt(i);
      if (c == '/' && i > 0) {
        String k = find(h, path, i);
        if (k != null) {
          best = k;
        }
      }
      h = 31 * h + c;
    }
    String whole = find(h, path, n);
    return whole != null ? whole : best;
  }

  /** The profile of a folder returned by {@link #longest}. */
  Profile get(String folder) {
    int h = folder.hashCode();
    for (int i = slot(h); keys[i] != null; i = (i + 1) & mask) {
      if (hashes[i] == h && keys[i].equals(folder)) {
        return values[i];
      }
    }
    return null;
  }

  private String find(int h, String path, int length) {
    for (int i = slot(h); keys[i] != null; i = (i + 1) & mask) {
      String k = keys[i];
      if (hashes[i] == h && k.length() == length && path.regionMatches(0, k, 0, length)) {
        return k;
      }
    }
    return null;
  }

  /**
   * Fibonacci hashing: folder names often differ only in a trailing number, which gives
   * consecutive String hashes; multiplying scatters them so that linear probing finds no long runs.
   */
  private int slot(int h) {
    return (h * 0x9E3779B9) >>> shift;
  }
}
