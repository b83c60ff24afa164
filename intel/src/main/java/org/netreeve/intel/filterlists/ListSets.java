package org.netreeve.intel.filterlists;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The distinct sets of lists that hold a key, each a bitset over list indexes. A table slot stores
 * a set id instead of its own bitset: there are few distinct sets (most keys are in one list), so
 * this costs 4 bytes per key however many lists are loaded.
 */
final class ListSets {

    private final long[] words;
    private final int wordsPerSet;

    private ListSets(long[] words, int wordsPerSet) {
        this.words = words;
        this.wordsPerSet = wordsPerSet;
    }

    int wordsPerSet() {
        return wordsPerSet;
    }

    /** True when set {@code id} shares a list with {@code mask}. */
    boolean intersects(int id, long[] mask) {
        int base = id * wordsPerSet;
        for (int w = 0; w < wordsPerSet; w++) {
            if ((words[base + w] & mask[w]) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Word {@code w} of set {@code id}. */
    long word(int id, int w) {
        return words[id * wordsPerSet + w];
    }

    long footprintBytes() {
        return 16L + 8L * words.length;
    }

    /** Interns sets while tables are built; not thread-safe. */
    static final class Builder {
        private final int wordsPerSet;
        private long[] words;
        private int count;
        private final Map<Key, Integer> ids = new HashMap<>();
        private final Map<Long, Integer> withCache = new HashMap<>();
        private final int[] singles;

        Builder(int lists) {
            this.wordsPerSet = Math.max(1, (lists + 63) >>> 6);
            this.words = new long[wordsPerSet * 16];
            this.singles = new int[Math.max(1, lists)];
            Arrays.fill(singles, -1);
        }

        /** The id of the set holding only {@code list}. */
        int single(int list) {
            int id = singles[list];
            if (id < 0) {
                long[] set = new long[wordsPerSet];
                set[list >>> 6] |= 1L << list;
                id = intern(set);
                singles[list] = id;
            }
            return id;
        }

        /** The id of set {@code id} plus {@code list}. */
        int with(int id, int list) {
            long cacheKey = ((long) id << 32) | list;
            Integer cached = withCache.get(cacheKey);
            if (cached != null) {
                return cached;
            }
            long[] set = Arrays.copyOfRange(words, id * wordsPerSet, (id + 1) * wordsPerSet);
            set[list >>> 6] |= 1L << list;
            int result = intern(set);
            withCache.put(cacheKey, result);
            return result;
        }

        private int intern(long[] set) {
            Key key = new Key(set);
            Integer existing = ids.get(key);
            if (existing != null) {
                return existing;
            }
            if ((count + 1) * wordsPerSet > words.length) {
                words = Arrays.copyOf(words, words.length * 2);
            }
            System.arraycopy(set, 0, words, count * wordsPerSet, wordsPerSet);
            ids.put(key, count);
            return count++;
        }

        ListSets build() {
            return new ListSets(Arrays.copyOf(words, Math.max(wordsPerSet, count * wordsPerSet)), wordsPerSet);
        }

        private record Key(long[] set) {
            @Override
            public boolean equals(Object o) {
                return o instanceof Key k && Arrays.equals(set, k.set);
            }

            @Override
            public int hashCode() {
                return Arrays.hashCode(set);
            }
        }
    }
}
