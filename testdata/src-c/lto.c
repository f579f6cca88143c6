/* A host object as gcc -flto writes it: its code and symbols go to GCC's
 * LTO symbol table (.gnu.lto_.symtab.*), not to .symtab. */
extern int myadd(int, int);
extern int weak_ref(void) __attribute__((weak));
int counter;
int initialised = 3;
int __attribute__((weak)) weak_def(void) { return 1; }
static int local_helper(int a) { return a + counter; }
int c_add(int a, int b) { return local_helper(myadd(a, b)) + (weak_ref ? weak_ref() : 0); }
