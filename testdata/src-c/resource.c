/* Compiled by scripts/gen-testdata.sh into a .syso with a long name. */
int gosym_syso_resource = 17;
int gosym_syso_function(void) { return gosym_syso_resource; }
