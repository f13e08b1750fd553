namespace CoderSdk.Tests;
