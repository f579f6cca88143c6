package main

var n int

var v string

func main() { println(n, v) }
