// Package generic uses type parameters (go1.18+).
package generic

// Number is a constraint.
type Number interface{ ~int | ~int64 | ~float64 }

// SumOf adds any numbers.
func SumOf[T Number](xs ...T) (s T) {
	for _, x := range xs {
		s += x
	}
	return
}

// Ints instantiates SumOf.
func Ints() int { return SumOf(1, 2, 3) }

// Box holds any value.
type Box[T any] struct{ V T }

// Get returns the value.
func (b Box[T]) Get() T { return b.V }

// Strings instantiates Box.
func Strings() string { return Box[string]{"x"}.Get() }
