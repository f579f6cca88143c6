// A method declared without a body (no assembly defines it), called
// directly and through an interface: code (main.doit, main.main) and data
// (the type descriptor's method table; go1.15 also the itab) refer to
// the undefined symbol. The linker relocates code and data in parallel,
// so which line it prints first varies from run to run; gosym marks the
// lines (order_varies) and tests/oracle.rs compares with that set.

package main

type I interface{ Run() }

type M struct{ n int }

func (m *M) Run()

//go:noinline
func doit(m *M) { m.Run() }

func main() {
	var i I = &M{}
	i.Run()
	doit(&M{})
}
