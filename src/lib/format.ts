// The UI's formatting is the shared one: the server's letters and PDFs print figures the same way.
export * from './shared/format';
