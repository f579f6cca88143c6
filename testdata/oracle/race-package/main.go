package main

import "rp"

func main() {
	x := 9
	println(rp.Callee(&x))
}
