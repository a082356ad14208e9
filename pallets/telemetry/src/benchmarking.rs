//! Benchmarks of the telemetry pallet (FRAME v2), each in its worst case:
//!
//! - `submit_batch(n)`: `n` samples sealed for the battery's Usage scope (the chain checks the
//!   envelope's recipients and length and indexes it), with the battery's pending queue one
//!   short of full;
//! - `authorize_submit_result`: the authorization of a first result by an operator-scoped key
//!   (role check) including the sr25519 verification;
//! - `submit_result`: a first result (health and twin sealed for the battery's Usage scope, at
//!   their largest) whose acceptance prunes the oldest retained batch;
//! - `authorize_attest_result` / `attest_result`: an agreeing result with `MaxVotes - 1` votes
//!   in (the longest vote list to append to and count) that makes the result final;
//! - the twin and estimator calls through their signed (operator) paths, which read more than
//!   the admin paths (`seed_twin` also names an earlier twin, which is checked).
//!
//! The runtime provides a battery in service, its operator (with a reader key) and manufacturer,
//! a BMS gateway and the wall clock through [`Config::BenchmarkHelper`]. Signing needs a keystore in the
//! benchmark externalities (the benchmark CLI registers one).

use super::*;
use crate::Pallet as Telemetry;
use alloc::{boxed::Box, vec, vec::Vec};
use battery_primitives::telemetry::{HealthCiphertextLen, TwinCiphertextLen};
use battery_test_fixtures as fixtures;
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::TransactionSource,
	traits::{Authorize, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_runtime::{
	traits::{Hash, Zero},
	RuntimeAppPublic,
};

/// Chain time of the benchmarks, Unix ms.
const NOW_MS: u64 = fixtures::NOW_MS;

fn assert_last_event<T: Config>(event: Event<T>) {
	let event: <T as frame_system::Config>::RuntimeEvent = event.into();
	frame_system::Pallet::<T>::assert_last_event(event);
}

/// `n` readings sealed for the battery's Usage scope, as long as a gateway's envelope (the chain
/// checks shape, length and recipients, never the plaintext).
fn readings<T: Config>(battery: &BatteryId, n: u32) -> SealedReadingsOf<T> {
	let keys = T::Consortium::sealing_keys(battery, DataCategory::Usage, None).unwrap_or_default();
	battery_primitives::sealed::placeholder_envelope(
		DataCategory::Usage,
		battery,
		&keys,
		battery_primitives::telemetry::sealed_readings_len(n),
	)
}

struct Setup<T: Config> {
	battery: BatteryId,
	operator: T::AccountId,
	manufacturer: T::AccountId,
	device: T::AccountId,
}

/// A characterised battery in service with its operator, manufacturer and gateway. The id is a
/// valid GB/T 34014 code, so the runtime's helper can register it with pallet-battery.
fn set_up<T: Config>() -> Setup<T> {
	let battery: BatteryId = fixtures::gbt_id(1);
	let (operator, manufacturer) = T::BenchmarkHelper::battery_in_service(&battery);
	let device = T::BenchmarkHelper::bms_gateway(&operator, &battery);
	T::BenchmarkHelper::set_unix_time_ms(NOW_MS);
	Characterisations::<T>::insert(
		&battery,
		Characterisation {
			config: fixtures::cell_config(),
			temp_window_min_decic: fixtures::CELL_TEMP_WINDOW_DECIC.0,
			temp_window_max_decic: fixtures::CELL_TEMP_WINDOW_DECIC.1,
			set_by: None,
			set_at: Zero::zero(),
		},
	);
	Setup { battery, operator, manufacturer, device }
}

/// Submit batch `sequence` of `n` samples; its hash.
fn submit<T: Config>(setup: &Setup<T>, sequence: u64, n: u32) -> Result<T::Hash, BenchmarkError> {
	// Batches 1 h apart, far enough in the past for `MaxSamples` samples each.
	let start =
		NOW_MS.saturating_sub(1_000_000_000).saturating_add(sequence.saturating_mul(3_600_000));
	Telemetry::<T>::do_submit_batch(
		setup.device.clone(),
		setup.battery.clone(),
		sequence,
		start,
		1_000,
		n,
		readings::<T>(&setup.battery, n),
		battery_primitives::telemetry::SampleEncoding::Scale,
	)?;
	let last = crate::Telemetry::<T>::get(&setup.battery)
		.ok_or(BenchmarkError::Stop("batch not stored"))?;
	Ok(last.last_batch.hash)
}

/// A placeholder envelope of `len` ciphertext bytes for the battery's Usage scope whose
/// commitment starts with `salt` (the chain checks shape and recipients, never the plaintext).
fn sealed<P, C: Get<u32>>(
	battery: &BatteryId,
	keys: &[battery_primitives::sealed::ReaderPublicKey],
	len: u32,
	salt: u32,
) -> battery_primitives::sealed::Sealed<P, C, battery_primitives::sealed::MaxSealedReaders> {
	let mut envelope = battery_primitives::sealed::placeholder_envelope(
		DataCategory::Usage,
		battery,
		keys,
		len as usize,
	);
	envelope.commitment[..4].copy_from_slice(&salt.to_le_bytes());
	battery_primitives::sealed::Sealed::new(envelope)
}

/// A result submission by `key` for the pending batch `batch_hash`: a health result and a twin
/// sealed at their largest; `salt` makes their commitments (and so the result hash) distinct.
fn submission<T: Config>(
	setup: &Setup<T>,
	key: &T::EstimatorId,
	batch_hash: T::Hash,
	salt: u32,
) -> ResultSubmissionOf<T> {
	let (_, prior_twin) = Telemetry::<T>::current_twin(&setup.battery);
	let keys =
		T::Consortium::sealing_keys(&setup.battery, DataCategory::Usage, None).unwrap_or_default();
	ResultSubmission {
		estimator: key.clone(),
		batch_hash,
		prior_twin,
		estimator_version: ESTIMATOR_VERSION,
		verdict: Verdict::Estimated {
			health: sealed(&setup.battery, &keys, HealthCiphertextLen::get(), salt),
			twin: sealed(&setup.battery, &keys, TwinCiphertextLen::get(), salt),
		},
	}
}

/// A fresh estimator key in the keystore, registered by the operator.
fn operator_key<T: Config>(setup: &Setup<T>) -> Result<T::EstimatorId, BenchmarkError> {
	let key = T::EstimatorId::generate_pair(None);
	Telemetry::<T>::do_register_estimator(Some(setup.operator.clone()), key.clone())?;
	Ok(key)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn submit_batch(n: Linear<1, { T::MaxSamples::get() }>) -> Result<(), BenchmarkError> {
		let setup = set_up::<T>();
		let pending = T::MaxPendingPerBattery::get().saturating_sub(1);
		for sequence in 1..=u64::from(pending) {
			submit::<T>(&setup, sequence, 1)?;
		}
		let sequence = u64::from(pending).saturating_add(1);
		let start = NOW_MS.saturating_sub(u64::from(n).saturating_mul(1_000));
		let readings = readings::<T>(&setup.battery, n);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(setup.device.clone()),
			setup.battery.clone(),
			sequence,
			start,
			1_000,
			n,
			readings,
		);

		let telemetry =
			crate::Telemetry::<T>::get(&setup.battery).ok_or(BenchmarkError::Stop("no record"))?;
		assert_eq!(telemetry.last_batch.sequence, sequence);
		assert_eq!(telemetry.last_batch.samples, n);
		Ok(())
	}

	#[benchmark]
	fn authorize_submit_result() -> Result<(), BenchmarkError> {
		let setup = set_up::<T>();
		let key = operator_key::<T>(&setup)?;
		let hash = submit::<T>(&setup, 1, 1)?;
		let submission = submission::<T>(&setup, &key, hash, 0);
		let signature =
			key.sign(&submission.signing_payload()).ok_or(BenchmarkError::Stop("no keystore"))?;
		let call = Call::<T>::submit_result { submission: Box::new(submission), signature };

		#[block]
		{
			call.authorize(TransactionSource::External)
				.ok_or(BenchmarkError::Stop("no authorization"))?
				.map_err(|_| BenchmarkError::Stop("result not authorized"))?;
		}

		Ok(())
	}

	#[benchmark]
	fn submit_result() -> Result<(), BenchmarkError> {
		let setup = set_up::<T>();
		let key = operator_key::<T>(&setup)?;
		// Fill the retained batches so that this result prunes one, the oldest voted on by
		// `MaxVotes` members (their votes are cleared with it).
		let retained = T::MaxRetainedBatches::get();
		for sequence in 1..=u64::from(retained) {
			let hash = submit::<T>(&setup, sequence, 1)?;
			Telemetry::<T>::do_submit_result(submission::<T>(&setup, &key, hash, sequence as u32))?;
			if sequence == 1 {
				for i in 0..T::MaxVotes::get() {
					let member: T::AccountId = account("voter", i, 0);
					MemberVotes::<T>::insert(hash, member, ());
				}
			}
		}
		let sequence = u64::from(retained).saturating_add(1);
		let hash = submit::<T>(&setup, sequence, 1)?;
		let submission = submission::<T>(&setup, &key, hash, u32::MAX);
		let signature =
			key.sign(&submission.signing_payload()).ok_or(BenchmarkError::Stop("no keystore"))?;

		#[extrinsic_call]
		_(RawOrigin::Authorized, Box::new(submission), signature);

		let health =
			LatestHealth::<T>::get(&setup.battery).ok_or(BenchmarkError::Stop("no health"))?;
		assert_eq!(health.batch_hash, hash);
		Ok(())
	}

	#[benchmark]
	fn register_estimator() -> Result<(), BenchmarkError> {
		let setup = set_up::<T>();
		let key = T::EstimatorId::generate_pair(None);

		#[extrinsic_call]
		_(RawOrigin::Signed(setup.operator.clone()), key.clone());

		assert_last_event::<T>(Event::EstimatorRegistered {
			estimator: key,
			scope: EstimatorScope::Operator(setup.operator),
			deposit: T::EstimatorDeposit::get(),
		});
		Ok(())
	}

	#[benchmark]
	fn remove_estimator() -> Result<(), BenchmarkError> {
		let setup = set_up::<T>();
		let key = operator_key::<T>(&setup)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(setup.operator.clone()), key.clone());

		assert_last_event::<T>(Event::EstimatorRemoved {
			estimator: key,
			refunded: T::EstimatorDeposit::get(),
		});
		Ok(())
	}

	#[benchmark]
	fn set_physical_model(
		c: Linear<0, { T::MaxBmsComponents::get() }>,
	) -> Result<(), BenchmarkError> {
		let setup = set_up::<T>();
		let part_number: BoundedVec<u8, T::MaxPartNumberLen> =
			vec![b'P'; T::MaxPartNumberLen::get() as usize].try_into().unwrap_or_default();
		let bms: Vec<BmsComponent<T::MaxPartNumberLen>> = (0..c)
			.map(|_| BmsComponent {
				kind: BmsComponentKind::CellMonitor,
				part_number: part_number.clone(),
				count: 8,
			})
			.collect();
		let model = PhysicalModel {
			shape: PackShape::Skateboard,
			length_mm: 2_100,
			width_mm: 1_400,
			height_mm: 150,
			cell_format: CellFormat::Prismatic,
			series: 96,
			parallel: 2,
			bms: bms.try_into().unwrap_or_default(),
		};

		#[extrinsic_call]
		_(RawOrigin::Signed(setup.operator.clone()), setup.battery.clone(), model);

		assert_last_event::<T>(Event::PhysicalModelSet {
			battery: setup.battery,
			by: Some(setup.operator),
		});
		Ok(())
	}

	#[benchmark]
	fn set_characterisation() -> Result<(), BenchmarkError> {
		let setup = set_up::<T>();
		let _ = &setup.manufacturer;
		// A seeded twin without result: the new data rebuilds its seeded state.
		let config = fixtures::cell_config();
		let prior = TwinPrior {
			capacity_uah: config.rated_capacity_uah.saturating_mul(9) / 10,
			r0_micro_ohm: Some(config.r0_micro_ohm),
			efc_milli: Some(400_000),
		};
		Telemetry::<T>::store_seed(&setup.battery, prior, SeedSource::Assessment, None, None)?;

		// The operator path: the manufacturer check fails first.
		#[extrinsic_call]
		_(
			RawOrigin::Signed(setup.operator.clone()),
			setup.battery.clone(),
			fixtures::cell_config(),
			-100,
			500,
		);

		assert_last_event::<T>(Event::CharacterisationSet {
			battery: setup.battery,
			by: Some(setup.operator),
		});
		Ok(())
	}

	#[benchmark]
	fn set_data_space() -> Result<(), BenchmarkError> {
		let setup = set_up::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(setup.operator.clone()), setup.battery.clone(), 1, 1_000);

		assert_last_event::<T>(Event::DataSpaceSet {
			battery: setup.battery,
			protocol_version: 1,
			sample_period_ms: 1_000,
		});
		Ok(())
	}

	#[benchmark]
	fn discard_batch() -> Result<(), BenchmarkError> {
		let setup = set_up::<T>();
		let mut last = None;
		for sequence in 1..=u64::from(T::MaxPendingPerBattery::get()) {
			last = Some(submit::<T>(&setup, sequence, 1)?);
		}
		let hash = last.ok_or(BenchmarkError::Stop("no batch"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(setup.operator.clone()), setup.battery.clone(), hash);

		assert_last_event::<T>(Event::BatchDiscarded {
			battery: setup.battery,
			batch_hash: hash,
			by: Some(setup.operator),
		});
		Ok(())
	}

	#[benchmark]
	fn reset_sequence() -> Result<(), BenchmarkError> {
		let setup = set_up::<T>();
		submit::<T>(&setup, 7, 1)?;

		// The operator's path reads more than the admin origin's.
		#[extrinsic_call]
		_(RawOrigin::Signed(setup.operator.clone()), setup.battery.clone());

		assert_last_event::<T>(Event::SequenceReset {
			battery: setup.battery,
			previous: 7,
			by: Some(setup.operator),
		});
		Ok(())
	}

	/// An agreeing result of an operator's key with `MaxVotes - 1` votes of admin-registered keys
	/// in: the longest vote list to append to; the vote reaches k = `MaxVotes`
	/// (`ResultFinal`). Its submissions and the earlier votes.
	fn attest_set_up<T: Config>(
		setup: &Setup<T>,
	) -> Result<(ResultSubmissionOf<T>, T::Hash), BenchmarkError> {
		let hash = submit::<T>(setup, 1, 1)?;
		let voters = T::MaxVotes::get().saturating_sub(1);
		let mut earlier = Vec::new();
		for _ in 0..voters {
			let key = T::EstimatorId::generate_pair(None);
			Telemetry::<T>::do_register_estimator(None, key.clone())?;
			// Computed before any is applied: all name the twin before the batch.
			earlier.push(submission::<T>(setup, &key, hash, 7));
		}
		let key = operator_key::<T>(setup)?;
		let mine = submission::<T>(setup, &key, hash, 7);
		for vote in earlier {
			Telemetry::<T>::do_submit_result(vote)?;
		}
		RequiredAttestations::<T>::put(T::MaxVotes::get());
		Ok((mine, hash))
	}

	#[benchmark]
	fn authorize_attest_result() -> Result<(), BenchmarkError> {
		let setup = set_up::<T>();
		let (submission, _) = attest_set_up::<T>(&setup)?;
		let signature = submission
			.estimator
			.sign(&submission.signing_payload())
			.ok_or(BenchmarkError::Stop("no keystore"))?;
		let call = Call::<T>::submit_result { submission: Box::new(submission), signature };

		#[block]
		{
			call.authorize(TransactionSource::External)
				.ok_or(BenchmarkError::Stop("no authorization"))?
				.map_err(|_| BenchmarkError::Stop("attestation not authorized"))?;
		}

		Ok(())
	}

	#[benchmark]
	fn attest_result() -> Result<(), BenchmarkError> {
		let setup = set_up::<T>();
		let (submission, hash) = attest_set_up::<T>(&setup)?;
		let signature = submission
			.estimator
			.sign(&submission.signing_payload())
			.ok_or(BenchmarkError::Stop("no keystore"))?;

		#[extrinsic_call]
		submit_result(RawOrigin::Authorized, Box::new(submission), signature);

		assert_last_event::<T>(Event::ResultFinal {
			battery: setup.battery.clone(),
			batch_hash: hash,
			attestations: T::MaxVotes::get(),
		});
		Ok(())
	}

	#[benchmark]
	fn set_required_attestations() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let required = T::MaxVotes::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, required);

		assert_eq!(RequiredAttestations::<T>::get(), required);
		Ok(())
	}

	/// The operator states a history from an earlier twin (that battery is checked too).
	#[benchmark]
	fn seed_twin() -> Result<(), BenchmarkError> {
		let setup = set_up::<T>();
		let config = fixtures::cell_config();
		let prior = TwinPrior {
			capacity_uah: config.rated_capacity_uah.saturating_mul(9) / 10,
			r0_micro_ohm: Some(config.r0_micro_ohm.saturating_mul(3) / 2),
			efc_milli: Some(400_000),
		};
		// An earlier twin of the same cells: another registered battery (checked).
		let earlier: BatteryId = fixtures::gbt_id(2);
		let _ = T::BenchmarkHelper::battery_in_service(&earlier);
		let source = SeedSource::PriorTwin(earlier);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(setup.operator.clone()),
			setup.battery.clone(),
			prior,
			source,
			Some([7; 32]),
		);

		assert!(TwinSeeds::<T>::contains_key(&setup.battery));
		Ok(())
	}

	#[benchmark]
	fn resolve_dispute() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let setup = set_up::<T>();
		let accepted_key = operator_key::<T>(&setup)?;
		// Another member's key (a member votes once per batch): the admin's.
		let challenger_key = T::EstimatorId::generate_pair(None);
		Telemetry::<T>::do_register_estimator(None, challenger_key.clone())?;
		let hash = submit::<T>(&setup, 1, 1)?;
		// Both computed from the same prior state, with different results.
		let accepted = submission::<T>(&setup, &accepted_key, hash, 1);
		let challenger = submission::<T>(&setup, &challenger_key, hash, 2);
		Telemetry::<T>::do_submit_result(accepted)?;
		Telemetry::<T>::do_submit_result(challenger)?;
		assert!(Disputes::<T>::contains_key(&setup.battery));

		// Upholding the challenger rewrites the twin, the health and the batch.
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, setup.battery.clone(), DisputeSide::Challenger);

		assert!(!Disputes::<T>::contains_key(&setup.battery));
		let health =
			LatestHealth::<T>::get(&setup.battery).ok_or(BenchmarkError::Stop("no health"))?;
		assert_eq!(health.estimator, challenger_key);
		Ok(())
	}

	#[benchmark]
	fn grant_result() -> Result<(), BenchmarkError> {
		// Worst case: a kept health result (latest and in the history) that carries the
		// operator's key and as many former readers' keys as leave room for the grant of every
		// other key in scope; each listed key's owner is looked up.
		let setup = set_up::<T>();
		let scope = T::Consortium::sealing_keys(&setup.battery, DataCategory::Usage, None)
			.unwrap_or_default();
		let own = T::Consortium::reader_key(&setup.operator)
			.ok_or(BenchmarkError::Stop("the operator has no reader key"))?;
		let newcomers: Vec<_> = scope.iter().filter(|key| **key != own).copied().collect();
		let room = battery_primitives::sealed::MAX_SEALED_READERS as usize;
		let listed: Vec<_> = core::iter::once(own)
			.chain(
				(0..room.saturating_sub(1).saturating_sub(newcomers.len()))
					.map(|i| [0x40u8.saturating_add(i as u8); 32]),
			)
			.collect();
		let batch_hash = T::Hashing::hash(b"a resulted batch");
		let slot = T::MaxHealthHistory::get().saturating_sub(1);
		let record = HealthRecord {
			batch_hash,
			sequence: 1,
			last_sample_ms: NOW_MS,
			estimator: T::EstimatorId::generate_pair(None),
			recorded_at: Zero::zero(),
			health: sealed(&setup.battery, &listed, HealthCiphertextLen::get(), 1),
			attestations: 0,
			disputes: 0,
		};
		HealthHistory::<T>::insert(&setup.battery, slot, &record);
		LatestHealth::<T>::insert(&setup.battery, record);
		let wraps: BoundedVec<_, _> =
			BoundedVec::truncate_from(battery_primitives::sealed::placeholder_wraps(&newcomers));
		let record = ResultRecord::Health { slot, batch_hash };

		#[extrinsic_call]
		_(RawOrigin::Signed(setup.operator.clone()), setup.battery.clone(), record.clone(), wraps);

		assert_last_event::<T>(Event::ResultGranted {
			battery: setup.battery.clone(),
			record,
			by: setup.operator,
			readers: newcomers.len() as u32,
		});
		let granted = HealthHistory::<T>::get(&setup.battery, slot)
			.ok_or(BenchmarkError::Stop("no health"))?;
		assert_eq!(granted.health.readers.len(), listed.len() + newcomers.len());
		Ok(())
	}

	impl_benchmark_test_suite!(Telemetry, crate::mock::new_bench_ext(), crate::mock::Test);
}
