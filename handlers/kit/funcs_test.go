package kit

import "testing"

func TestThousands(t *testing.T) {
	sample := 1019
	for _, tc := range []struct {
		in   any
		want string
	}{
		{0, "0"},
		{999, "999"},
		{1000, "1,000"},
		{313209, "313,209"},
		{int64(-1234567), "-1,234,567"},
		{1.5, "1.5"},
		{-0.5, "-0.5"},
		{12345.25, "12,345.25"},
		{"1000000.5", "1,000,000.5"},
		{"not known", "not known"},
		{&sample, "1,019"},
	} {
		if got := thousands(tc.in); got != tc.want {
			t.Errorf("thousands(%#v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
