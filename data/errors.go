package data

import (
	"errors"
	"fmt"
	"strings"
)

// Code classifies an error for callers that need to react to it
// (a form marks the field, a dialog offers another path, ...).
type Code string

const (
	EInvalid     Code = "invalid"      // the input breaks a rule; Field names which
	ENotFound    Code = "not_found"    // the record is gone (or in the trash)
	EConflict    Code = "conflict"     // duplicate, or changed by someone else meanwhile
	EInUse       Code = "in_use"       // other records still depend on it
	ENewerSchema Code = "newer_schema" // the file was written by a newer PilotDesk
	EDamaged     Code = "damaged"      // the file is not a usable database
	EOffline     Code = "offline"      // the database server cannot be reached (nothing was saved)
	EReadOnly    Code = "read_only"    // the database user may only read
	EInternal    Code = "internal"     // anything else; details go to the log
)

// Error is an error fit to show a user: a code, the field it concerns and a
// sentence in Chinese and in English. The low-level cause stays in Err for
// the log and is never shown.
type Error struct {
	Code  Code
	Field string // model field in snake_case, e.g. "unveiled_on"; empty when not about one field
	ZH    string
	EN    string
	Err   error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.EN + ": " + e.Err.Error()
	}
	return e.EN
}

func (e *Error) Unwrap() error { return e.Err }

// Message returns the sentence in the given language ("zh" or "en").
func (e *Error) Message(lang string) string { return InLang(lang, e.ZH, e.EN) }

// InLang is en when lang is "en", else zh.
func InLang(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}

func newErr(code Code, field, zh, en string) *Error {
	return &Error{Code: code, Field: field, ZH: zh, EN: en}
}

// internal wraps a low-level failure with a generic user sentence.
func internal(err error, zh, en string) error {
	if err == nil {
		return nil
	}
	var de *Error
	var ve ValidationErrors
	if errors.As(err, &de) || errors.As(err, &ve) {
		return err
	}
	if se := serverError(err); se != nil {
		return se
	}
	return &Error{Code: EInternal, ZH: zh, EN: en, Err: err}
}

// ErrorCode returns the code of err, EInternal for foreign errors and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var ve ValidationErrors
	if errors.As(err, &ve) {
		return EInvalid
	}
	var de *Error
	if errors.As(err, &de) {
		return de.Code
	}
	return EInternal
}

// Message returns the user sentence for any error in lang ("zh" or "en").
// Foreign errors get a generic sentence: driver text is never shown.
func Message(err error, lang string) string {
	if err == nil {
		return ""
	}
	var ve ValidationErrors
	if errors.As(err, &ve) {
		return ve.Message(lang)
	}
	var de *Error
	if errors.As(err, &de) {
		return de.Message(lang)
	}
	return InLang(lang, "操作未能完成，请重试；如果一再出现，请把日志文件发给技术支持。",
		"Something went wrong. Please try again; if it keeps happening, send the log file to support.")
}

// ValidationErrors holds every broken rule of one record, so a form can mark
// all its fields at once.
type ValidationErrors []*Error

func (v ValidationErrors) Error() string {
	parts := make([]string, len(v))
	for i, e := range v {
		parts[i] = e.Field + ": " + e.EN
	}
	return "invalid: " + strings.Join(parts, "; ")
}

// Message joins the sentences of all broken rules.
func (v ValidationErrors) Message(lang string) string {
	parts := make([]string, len(v))
	for i, e := range v {
		parts[i] = e.Message(lang)
	}
	return strings.Join(parts, InLang(lang, "；", "; "))
}

// Field returns the error for one field, or nil.
func (v ValidationErrors) Field(name string) *Error {
	for _, e := range v {
		if e.Field == name {
			return e
		}
	}
	return nil
}

// FieldErrors extracts per-field errors from err (nil when err has none).
func FieldErrors(err error) ValidationErrors {
	var ve ValidationErrors
	if errors.As(err, &ve) {
		return ve
	}
	var de *Error
	if errors.As(err, &de) && de.Field != "" {
		return ValidationErrors{de}
	}
	return nil
}

// checker collects broken rules while validating one record.
type checker struct{ errs ValidationErrors }

// add records a broken rule; only the first per field is kept, since that is
// the one to fix first.
func (c *checker) add(field, zh, en string) {
	if c.errs.Field(field) != nil {
		return
	}
	c.errs = append(c.errs, newErr(EInvalid, field, zh, en))
}

// label is a field's name in both languages, for messages.
type label struct{ zh, en string }

func (c *checker) required(field, value string, l label) {
	if strings.TrimSpace(value) == "" {
		c.add(field, "请填写"+l.zh+"。", "Please enter the "+l.en+".")
	}
}

func (c *checker) maxLen(field, value string, n int, l label) {
	if len([]rune(value)) > n {
		c.add(field, fmt.Sprintf("%s不能超过%d个字。", l.zh, n),
			fmt.Sprintf("The %s must not be longer than %d characters.", l.en, n))
	}
}

func (c *checker) err() error {
	if len(c.errs) == 0 {
		return nil
	}
	return c.errs
}
