//! The tutorial's serializers.
