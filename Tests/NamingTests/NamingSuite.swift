// Lab 03 · Naming: the graded suite. One file per part: DNS*, Hashing*, Chord*, Directory*, Comparison*.
// Run: swift test --filter NamingTests (the reference); DISTLAB_SOLUTION=Naming swift test --filter NamingTests (yours).
