static const char msg[] = "hello";
static int counter;
static int helper(int i) { return msg[i] + counter++; }
int objTestImpl(void) { return helper(1); }
