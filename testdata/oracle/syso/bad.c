extern int undefined(void);
int objTestImpl(void) { return undefined(); }
