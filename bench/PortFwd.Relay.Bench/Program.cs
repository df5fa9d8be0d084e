// Benchmark host for the relay; filled in with the relay engine.
return 0;
