package data

import (
	"regexp"
	"strings"
)

var (
	reMobile   = regexp.MustCompile(`^1[3-9]\d{9}$`)
	reLandline = regexp.MustCompile(`^0\d{2,3}-?[1-9]\d{6,7}(-\d{1,6})?$`)
)

// NormalizePhone tidies a phone number as typed: half-width digits, no
// spaces, the +86/0086 country prefix dropped, 转/ext. written as "-";
// again until nothing changes, as one pass can uncover more ("0\rx").
func NormalizePhone(s string) string {
	for {
		t := normalizePhoneOnce(s)
		if t == s {
			return t
		}
		s = t
	}
}

var phoneReplacer = strings.NewReplacer(" ", "", "\t", "", "(", "", ")", "-", "（", "", "）", "-", "—", "-", "－", "-",
	"转", "-", "ext.", "-", "ext", "-", "Ext", "-", "EXT", "-", "x", "-")

func normalizePhoneOnce(s string) string {
	s = strings.TrimSpace(HalfWidth(s))
	s = phoneReplacer.Replace(s)
	for _, p := range []string{"+86-", "+86", "0086-", "0086"} {
		if strings.HasPrefix(s, p) {
			s = s[len(p):]
			break
		}
	}
	s = strings.Trim(s, "-")
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "-")
	}
	// Mobiles are often grouped 138-1234-5678; store the bare digits.
	if bare := strings.ReplaceAll(s, "-", ""); reMobile.MatchString(bare) {
		return bare
	}
	return s
}

// ValidPhone accepts a mainland mobile number (11 digits starting with 1) or
// a landline with its area code (0871-12345678, optionally -extension).
// Write it through NormalizePhone first.
func ValidPhone(s string) bool {
	return reMobile.MatchString(s) || reLandline.MatchString(s)
}

func (c *checker) phone(field, value string) {
	if value != "" && !ValidPhone(value) {
		c.add(field, "电话号码格式不对：手机号为11位数字，固定电话请带区号（如“0874-3123456”，分机可写成“-801”）。",
			"The phone number is not valid: a mobile has 11 digits; a landline needs its area code (e.g. 0874-3123456, extension as -801).")
	}
}
