package org.netreeve.engine.policy;

import org.netreeve.engine.facts.ProfileFact;
import org.netreeve.process.ProcessInfo;

/** Finds the profile of a process. Implementations are immutable and thread-safe. */
public interface ProfileResolver {

  /**
   * The profile for {@code process}; never null (the special profiles cover unidentified
   * processes, the kernel, and programs without a profile of their own).
   *
   * @param kernel true when the packet has no owning socket (kernel-generated traffic)
   */
  Resolution resolve(ProcessInfo process, boolean kernel);

  /** The number of profiles. */
  int size();

  /**
   * A profile and the process the connection is attributed to (its parent after merge-with-parent).
   */
  record Resolution(ProfileFact profile, ProcessInfo process) {}
}
