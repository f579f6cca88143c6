/* Symbol kinds for the ELF fixtures: undefined, weak, common, local, rodata, TLS. */
extern int ext_undef(void);
__attribute__((weak)) int weakdef(void) { return 1; }
extern int weakref_fn(void) __attribute__((weak));
int common_var;
static int local_data = 3;
const int ro = 5;
__thread int tlsvar;
int abiVersion_1 = 1;
int f(void) { return ext_undef() + local_data + (weakref_fn ? weakref_fn() : 0) + tlsvar + ro; }
