namespace CoderSdk.Testing;
