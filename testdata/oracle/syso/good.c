int objTestImpl(void) { return 42; }
